using Microsoft.EntityFrameworkCore;

namespace Portal.Server.Persistence;

/// <summary>Remembers, per person and environment, the role they last switched to.</summary>
public sealed class RoleChoiceStore(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public async Task<string?> GetAsync(string userName, string environment, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.RoleChoices
            .Where(c => c.UserName == userName && c.Environment == environment)
            .Select(c => c.RoleName)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every remembered choice of one person: environment to role name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.RoleChoices
            .Where(c => c.UserName == userName)
            .ToDictionaryAsync(c => c.Environment, c => c.RoleName, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Remembers the choice, replacing an earlier one for the same person and environment.</summary>
    public async Task SetAsync(string userName, string environment, string roleName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);
        var now = time.GetUtcNow();

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await UpdateAsync(context, userName, environment, roleName, now, cancellationToken))
        {
            return;
        }

        context.RoleChoices.Add(new RoleChoice { UserName = userName, Environment = environment, RoleName = roleName, ChosenAt = now });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request (a second tab) inserted the same choice first: the newest one wins.
            context.ChangeTracker.Clear();
            if (!await UpdateAsync(context, userName, environment, roleName, now, cancellationToken))
            {
                throw;
            }
        }
    }

    private static async Task<bool> UpdateAsync(
        PortalDbContext context, string userName, string environment, string roleName, DateTimeOffset now, CancellationToken cancellationToken) =>
        await context.RoleChoices
            .Where(c => c.UserName == userName && c.Environment == environment)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.RoleName, roleName).SetProperty(c => c.ChosenAt, now), cancellationToken) > 0;
}
