using Portal.Server.Persistence;

namespace Portal.Server.Api;

/// <summary>
/// The longest value each field entering the portal may have. Each is no wider than the column it
/// is stored in, so a long value is refused at the door with the field named, on SQLite (which
/// would store anything) and PostgreSQL (which would fail the write) alike.
/// </summary>
public static class InputLimits
{
    /// <summary>Any text without a limit of its own: no route value, query value or form field is longer.</summary>
    public const int Text = 2048;

    public const int Environment = PortalDbContext.EnvironmentLength;

    public const int Name = PortalDbContext.ServiceNameLength;

    public const int Image = PortalDbContext.ArnLength;

    public const int TaskDefinition = PortalDbContext.ArnLength;

    public const int CommitSha = 64;

    public const int CommitMessage = PortalDbContext.BuildMessageLength;

    public const int Author = PortalDbContext.UserNameLength;

    public const int Link = PortalDbContext.ArnLength;

    public const int Reason = PortalDbContext.TargetLength;

    /// <summary>The typed confirmation is the service's name.</summary>
    public const int Confirmation = PortalDbContext.ServiceNameLength;

    public const int IdempotencyKey = PortalDbContext.IdempotencyKeyLength;

    public const int ReturnUrl = Text;

    /// <summary>No API body comes near this: a deploy request is a few hundred bytes.</summary>
    public const long RequestBody = 64 * 1024;
}
