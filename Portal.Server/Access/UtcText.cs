using System.Globalization;

namespace Portal.Server.Access;

/// <summary>Moments as the token messages print them: the same in every log and terminal, whatever the machine's zone.</summary>
internal static class UtcText
{
    public static string Of(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
