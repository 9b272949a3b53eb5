using System.Text;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// A role session name STS accepts (2 to 64 of letters, digits and <c>_+=,.@-</c>), made from the
/// caller's: CloudTrail shows it beside every call signed with the session's credentials, so it
/// stays as close to the caller's name as STS allows.
/// </summary>
public static class StsSessionName
{
    public const int MaxLength = 64;

    public static string For(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var session = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var character in name)
        {
            if (session.Length == MaxLength)
            {
                break;
            }

            session.Append(IsAllowed(character) ? character : '-');
        }

        while (session.Length < 2)
        {
            session.Append('-');
        }

        return session.ToString();
    }

    public static bool IsValid(string? name) => name is { Length: >= 2 and <= MaxLength } && name.All(IsAllowed);

    private static bool IsAllowed(char character) =>
        char.IsAsciiLetterOrDigit(character) || character is '_' or '+' or '=' or ',' or '.' or '@' or '-';
}
