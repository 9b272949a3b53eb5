using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Persistence;

/// <summary>
/// The base of every store test: one database per test class, brought up to date by the portal's
/// own migration step and emptied before each test, with a clock the test moves.
/// </summary>
public abstract class StoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    private ServiceProvider? _services;

    private protected ManualTimeProvider Clock { get; } = new(Start);

    protected TestDatabase Database { get; private set; } = default!;

    protected IServiceProvider Services => _services!;

    protected IDbContextFactory<PortalDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public async Task InitializeAsync()
    {
        Database = await OpenDatabaseAsync();
        _services = Database.BuildServices(Clock);
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await Contexts.ClearAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>The test class's database: the same one for every test of the class.</summary>
    protected abstract Task<TestDatabase> OpenDatabaseAsync();
}
