using System.Globalization;

namespace Portal.Server.Simulation.World;

/// <summary>The world's only source of randomness: seeded, so the same seed and clock give the same world.</summary>
internal sealed class WorldRandom(int seed)
{
    private readonly Random _random = new(seed);

    public string NextTaskId() => Hex(32);

    public string NextDeploymentId() => "ecs-svc/" + Digits(19);

    public string NextEventId()
    {
        var hex = Hex(32);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public string NextServiceDeploymentArn(SimService service) =>
        service.Account.Arn($"service-deployment/{service.Cluster.Name}/{service.Name}/{Alphanumeric(22)}");

    public string NextServiceRevisionArn(SimService service) =>
        service.Account.Arn($"service-revision/{service.Cluster.Name}/{service.Name}/{Digits(19)}");

    private string Hex(int length)
    {
        Span<byte> bytes = stackalloc byte[length / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string Digits(int length)
    {
        var digits = new char[length];
        digits[0] = (char)('1' + _random.Next(9));
        for (var i = 1; i < length; i++)
        {
            digits[i] = (char)('0' + _random.Next(10));
        }

        return new string(digits);
    }

    private string Alphanumeric(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, _random, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
        });
    }

    public static string CommitTag(string service, int revision) =>
        StableHash.Of(service, revision).ToString("x16", CultureInfo.InvariantCulture)[..7];
}
