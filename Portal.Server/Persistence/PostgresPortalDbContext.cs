using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Server.Persistence;

/// <summary>The portal's database on PostgreSQL (several instances); its migrations are under Migrations/Postgres.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Times are timestamptz, which Npgsql writes only from offset zero: any offset a caller
        // passes (values and query parameters alike) is turned into UTC on the way in.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        moment => moment.ToUniversalTime(),
        stored => stored);
}

/// <summary>For <c>dotnet ef</c>: builds the PostgreSQL context without the host; generating migrations never connects.</summary>
public sealed class PostgresPortalDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=portal;Username=portal").Options);
}
