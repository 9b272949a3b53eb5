using System.Globalization;
using System.Text;

namespace Portal.Shared.SignIn;

/// <summary>Where to send a person after signing in: only ever a path of this portal, so a crafted link cannot send them elsewhere.</summary>
public static class LocalReturnUrl
{
    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
        {
            return "/";
        }

        // "//host" and "/\host" are read by browsers as another site.
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        return returnUrl.Any(char.IsControl) ? "/" : EscapeNonAscii(returnUrl);
    }

    /// <summary>
    /// A Location header carries ASCII only: a path such as /environments/prödüction is sent
    /// percent-encoded (as a browser would), not left to fail the answer after sign-in.
    /// </summary>
    private static string EscapeNonAscii(string url)
    {
        if (Ascii.IsValid(url))
        {
            return url;
        }

        var escaped = new StringBuilder(url.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                escaped.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var value in bytes[..length])
            {
                escaped.Append(CultureInfo.InvariantCulture, $"%{value:X2}");
            }
        }

        return escaped.ToString();
    }
}
