using Microsoft.Extensions.Primitives;

namespace Portal.Server.Access;

/// <summary>What a request's Authorization header holds, as far as bearer tokens go.</summary>
/// <param name="IsAbsent">No bearer header at all (none, or another scheme's): not ours to judge.</param>
/// <param name="Secret">The presented secret, when the header is well formed.</param>
/// <param name="Problem">What is wrong with a bearer header, in words for the caller.</param>
internal readonly record struct BearerHeader(bool IsAbsent, string? Secret, string? Problem)
{
    public const string Scheme = "Bearer";

    public static BearerHeader Read(StringValues values)
    {
        if (values.Count == 0)
        {
            return new(IsAbsent: true, null, null);
        }

        if (values.Count > 1)
        {
            return new(IsAbsent: false, null, "The request has more than one Authorization header; send one: `Authorization: Bearer <token>`.");
        }

        var value = (values[0] ?? "").Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!string.Equals(scheme, Scheme, StringComparison.OrdinalIgnoreCase))
        {
            // Basic, or another scheme's header: left to whichever scheme reads it.
            return new(IsAbsent: true, null, null);
        }

        var secret = space < 0 ? "" : value[(space + 1)..].Trim();
        if (secret.Length == 0)
        {
            return new(IsAbsent: false, null, "The Authorization header says Bearer but carries no token; send `Authorization: Bearer <token>`.");
        }

        return secret.Any(char.IsWhiteSpace)
            ? new(IsAbsent: false, null, "The Authorization header must be `Bearer <token>`, with one token and nothing after it.")
            : new(IsAbsent: false, secret, null);
    }
}
