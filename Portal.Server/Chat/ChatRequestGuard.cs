using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;

namespace Portal.Server.Chat;

/// <summary>
/// The door of both chat endpoints: the raw body read once, Slack's signature and timestamp checked
/// (<see cref="SlackSignature"/>), and the signature recorded so the same request sent again is
/// refused, on every instance (the database's unique key decides). Signatures older than the allowed
/// skew are forgotten: their timestamps are refused anyway.
/// </summary>
public sealed partial class ChatRequestGuard(IOptions<ChatOptions> options, IDbContextFactory<PortalDbContext> contexts, TimeProvider time, ILogger<ChatRequestGuard> logger)
{
    /// <summary>Slack sends a few kilobytes; anything far larger is not Slack.</summary>
    public const int MaxBody = 64 * 1024;

    /// <summary>The verified form fields, or null (answer 401, do nothing).</summary>
    public async Task<IFormCollection?> AdmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBody)
        {
            LogRefused(logger, request.Path, "body too large");
            return null;
        }

        var body = buffer.ToArray();
        var signature = request.Headers["X-Slack-Signature"].ToString();
        var now = time.GetUtcNow();
        if (SlackSignature.Problem(settings.SigningSecret!, request.Headers["X-Slack-Request-Timestamp"].ToString(), signature, body, now, settings.MaxClockSkew) is { } problem)
        {
            LogRefused(logger, request.Path, problem);
            return null;
        }

        if (!await FirstTimeAsync(signature, now, settings.MaxClockSkew, cancellationToken))
        {
            LogRefused(logger, request.Path, "replayed");
            return null;
        }

        return new FormCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body)));
    }

    private async Task<bool> FirstTimeAsync(string signature, DateTimeOffset now, TimeSpan skew, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var forgotten = now - (2 * skew);
        await context.SeenChatRequests.Where(r => r.SeenAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        if (await context.SeenChatRequests.AnyAsync(r => r.Signature == signature, cancellationToken))
        {
            return false;
        }

        // Two instances receiving the same request at once: the unique key lets one through.
        context.SeenChatRequests.Add(new SeenChatRequest { Signature = signature, SeenAt = now });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat request to {Path} refused: {Problem}")]
    private static partial void LogRefused(ILogger logger, string path, string problem);
}
