using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Server.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// The portal's database: options (section "Database"), a context factory for the configured
    /// provider, the stores, and the step that applies pending migrations when the host starts.
    /// Register it before any hosted service that reads the database: hosted services start in order.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure<IServiceProvider>((options, provider) => options.ApplyDefaults(ContentRoot(provider)))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidation>());

        if (DatabaseOptions.UsesPostgreSql(configuration))
        {
            services.AddProvider<PostgresPortalDbContext>((builder, connectionString) => builder.UseNpgsql(connectionString));
        }
        else
        {
            services.AddProvider<SqlitePortalDbContext>((builder, connectionString) => builder.UseSqlite(connectionString));
        }

        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<RoleChoiceStore>();
        services.AddSingleton<Fleet.ITaskDefinitionShelf, Fleet.DatabaseTaskDefinitionShelf>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseMigrator>());
        return services;
    }

    private static void AddProvider<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder, string> useProvider)
        where TContext : PortalDbContext
    {
        services.AddDbContextFactory<TContext>((provider, builder) =>
            useProvider(builder, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(provider =>
            new PortalDbContextFactory<TContext>(provider.GetRequiredService<IDbContextFactory<TContext>>()));
    }

    private static string ContentRoot(IServiceProvider provider) =>
        provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;

    /// <summary>Hands out the configured provider's context as the provider-neutral one the stores use.</summary>
    private sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
