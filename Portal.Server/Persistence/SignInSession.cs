namespace Portal.Server.Persistence;

/// <summary>
/// One signed-in browser. The browser's cookie carries only <see cref="Key"/>; everything else,
/// the Identity Center token included, stays here, encrypted with ASP.NET data protection.
/// </summary>
public sealed class SignInSession
{
    /// <summary>Random, unguessable, and the only thing the browser holds.</summary>
    public required string Key { get; set; }

    public required string UserName { get; set; }

    /// <summary>The serialized authentication ticket, protected with data protection (base64url).</summary>
    public required string ProtectedTicket { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the Identity Center token ends, and so the session.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
