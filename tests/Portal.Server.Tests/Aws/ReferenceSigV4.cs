using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// An independent SigV4 computation from a canonical request: the oracle the SDK's output is
/// compared with. Its own correctness is checked against every vector's published .sts and .authz.
/// </summary>
internal static class ReferenceSigV4
{
    public static string StringToSign(string canonicalRequest, DateTimeOffset signedAt, string region, string service) =>
        "AWS4-HMAC-SHA256\n"
        + AmzDate(signedAt) + "\n"
        + Scope(signedAt, region, service) + "\n"
        + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));

    public static string Authorization(
        string canonicalRequest,
        string accessKeyId,
        string secretAccessKey,
        DateTimeOffset signedAt,
        string region,
        string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), signedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, StringToSign(canonicalRequest, signedAt, region, service)));
        return $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{Scope(signedAt, region, service)}, "
            + $"SignedHeaders={SignedHeaders(canonicalRequest)}, Signature={signature}";
    }

    /// <summary>The canonical request with one more header line, kept in canonical order.</summary>
    public static string WithHeader(string canonicalRequest, string name, string value)
    {
        var lines = canonicalRequest.Split('\n');
        var blank = Array.IndexOf(lines, string.Empty, 3);
        var headers = lines[3..blank].Append(name + ":" + value)
            .OrderBy(line => line[..line.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal);
        var signedHeaders = string.Join(';', lines[blank + 1].Split(';').Append(name).Order(StringComparer.Ordinal));
        return string.Join('\n', lines[..3].Concat(headers).Append(string.Empty).Append(signedHeaders).Concat(lines[(blank + 2)..]));
    }

    /// <summary>The canonical request with one of its lines (0: method, 1: path, 2: query) replaced.</summary>
    public static string WithLine(string canonicalRequest, int index, string line)
    {
        var lines = canonicalRequest.Split('\n');
        lines[index] = line;
        return string.Join('\n', lines);
    }

    public static string SignedHeaders(string canonicalRequest)
    {
        var lines = canonicalRequest.Split('\n');
        return lines[Array.IndexOf(lines, string.Empty, 3) + 1];
    }

    public static string PayloadHash(string canonicalRequest) => canonicalRequest.Split('\n')[^1];

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string AmzDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Scope(DateTimeOffset at, string region, string service) =>
        $"{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
