using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Server.Chat;

/// <summary>
/// Slack's request signing: <c>v0=</c> and the hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c>
/// with the app's signing secret, compared in constant time; a timestamp further than the allowed
/// skew from now, either way, is refused so a captured request cannot be sent again later.
/// </summary>
public static class SlackSignature
{
    public const string Version = "v0";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return $"{Version}={Convert.ToHexStringLower(hash)}";
    }

    /// <summary>Null when the request is Slack's, signed within the skew; else why not (for the log, never for the caller).</summary>
    public static string? Problem(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrEmpty(timestamp) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "no timestamp";
        }

        if (string.IsNullOrEmpty(signature))
        {
            return "no signature";
        }

        // Out of range is as stale as it gets.
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > maxSkew)
        {
            return "stale timestamp";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "bad signature";
    }
}
