using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.SignIn;

/// <summary>
/// Keeps each signed-in browser's session on the server: the cookie authentication handler hands
/// over the whole ticket (claims, the Identity Center token) and puts only the returned key in the
/// cookie. Tickets are encrypted with ASP.NET data protection before they reach the database, so
/// neither the browser nor a copy of the database holds a usable token.
/// </summary>
public sealed partial class SignInSessionStore(
    IDbContextFactory<PortalDbContext> contexts,
    IDataProtectionProvider protection,
    TimeProvider time,
    ILogger<SignInSessionStore> logger) : ITicketStore
{
    /// <summary>A session whose ticket names no end lasts this long, as long as Identity Center's own tokens.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    private readonly IDataProtector _protector = protection.CreateProtector("Portal.SignIn.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var key = SignInClaims.SessionOf(ticket.Principal) ?? NewKey();
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync();
        context.SignInSessions.Add(new SignInSession
        {
            Key = key,
            UserName = ticket.Principal.Identity?.Name ?? string.Empty,
            ProtectedTicket = Protect(ticket),
            CreatedAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc ?? now + DefaultLifetime,
        });
        await context.SaveChangesAsync();
        await RemoveExpiredAsync(context, now);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var protectedTicket = Protect(ticket);
        var expiresAt = ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + DefaultLifetime;
        await using var context = await contexts.CreateDbContextAsync();
        await context.SignInSessions.Where(s => s.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.ProtectedTicket, protectedTicket)
            .SetProperty(s => s.ExpiresAt, expiresAt));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var context = await contexts.CreateDbContextAsync();
        var session = await context.SignInSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key);
        if (session is null)
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            await context.SignInSessions.Where(s => s.Key == key).ExecuteDeleteAsync();
            return null;
        }

        return Unprotect(session);
    }

    public async Task RemoveAsync(string key)
    {
        await using var context = await contexts.CreateDbContextAsync();
        await context.SignInSessions.Where(s => s.Key == key).ExecuteDeleteAsync();
    }

    /// <summary>The Identity Center token of a live session, for fetching the person's role credentials; null when the session has ended.</summary>
    public async Task<string?> AccessTokenAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await context.SignInSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        return session is not null && session.ExpiresAt > time.GetUtcNow()
            ? Unprotect(session)?.Properties.GetTokenValue(SignInClaims.AccessTokenName)
            : null;
    }

    /// <summary>Whether the session still exists and has not ended (a sign-out elsewhere ends it).</summary>
    public async Task<bool> IsLiveAsync(string key, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.SignInSessions.AnyAsync(s => s.Key == key && s.ExpiresAt > now, cancellationToken);
    }

    public static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private string Protect(AuthenticationTicket ticket) =>
        Base64Url.EncodeToString(_protector.Protect(TicketSerializer.Default.Serialize(ticket)));

    private AuthenticationTicket? Unprotect(SignInSession session)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(Base64Url.DecodeFromChars(session.ProtectedTicket)));
        }
        catch (Exception error) when (error is CryptographicException or FormatException)
        {
            // The key that encrypted it is gone (a fresh key ring) or the row was altered: the person signs in again.
            LogUnreadable(logger, session.UserName, error.Message);
            return null;
        }
    }

    private static async Task RemoveExpiredAsync(PortalDbContext context, DateTimeOffset now) =>
        await context.SignInSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sign-in session of {UserName} could not be read ({Reason}); they must sign in again")]
    private static partial void LogUnreadable(ILogger logger, string userName, string reason);
}

/// <summary>Hands the session store to the cookie handler, which is configured before the store can be resolved.</summary>
internal sealed class UseSignInSessionStore(SignInSessionStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            options.SessionStore = store;
        }
    }
}
