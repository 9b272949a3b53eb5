namespace Portal.Server.Persistence;

/// <summary>One line of the audit trail: who did what, where, when and from which address.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When it happened (UTC); the audit log fills it from the clock when left unset.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>A person's user name, <c>token:&lt;name&gt;</c> for an API token, or <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done, in the words of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public string? Environment { get; set; }

    /// <summary>What it was done to: a service, a token's name, a role.</summary>
    public string? Target { get; set; }

    public string? Detail { get; set; }

    public string? RemoteAddress { get; set; }
}

/// <summary>The actions the audit trail knows; stored as these strings.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string RoleSwitch = "role-switch";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string AccessRefused = "access-refused";
}

/// <summary>How actors other than people are named in the audit trail.</summary>
public static class AuditActors
{
    public const string System = "system";

    private const string TokenPrefix = "token:";

    public static string Token(string tokenName) => TokenPrefix + tokenName;
}
