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

        return returnUrl.Any(char.IsControl) ? "/" : returnUrl;
    }
}
