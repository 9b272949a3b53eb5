using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>Builds CI announced, per service, newest first.</summary>
public sealed class BuildCatalog(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    /// <summary>Records a build; announcing the same image again returns the earlier record.</summary>
    public async Task<(AnnouncedBuild Build, bool Created)> AnnounceAsync(
        string service, string image, string commitSha, string message, string author, string? link, string announcedBy, CancellationToken cancellationToken,
        DateTimeOffset? builtAt = null, IReadOnlyList<string>? changedFiles = null)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.AnnouncedBuilds.AsNoTracking().SingleOrDefaultAsync(b => b.Service == service && b.Image == image, cancellationToken) is { } earlier)
        {
            return (earlier, false);
        }

        var now = time.GetUtcNow();
        var build = new AnnouncedBuild
        {
            Id = Guid.CreateVersion7(now),
            Service = service,
            Image = image,
            CommitSha = commitSha,
            Message = message,
            Author = author,
            Link = link,
            ChangedFiles = ChangedFiles.Join(changedFiles),
            AnnouncedBy = announcedBy,
            AnnouncedAt = builtAt ?? now,
        };
        context.AnnouncedBuilds.Add(build);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return (build, true);
        }
        catch (DbUpdateException)
        {
            context.ChangeTracker.Clear();
            return (await context.AnnouncedBuilds.AsNoTracking().SingleAsync(b => b.Service == service && b.Image == image, cancellationToken), false);
        }
    }

    public async Task<AnnouncedBuild?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.AnnouncedBuilds.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<AnnouncedBuild>> OfServiceAsync(string service, int take, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.AnnouncedBuilds.AsNoTracking().Where(b => b.Service == service).ToListAsync(cancellationToken);
        return rows.OrderByDescending(b => b.AnnouncedAt).Take(take).ToList();
    }
}
