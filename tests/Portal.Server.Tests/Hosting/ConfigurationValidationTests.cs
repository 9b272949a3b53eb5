using Microsoft.AspNetCore.Hosting;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Hosting;

public class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Polling:StaleAfter", "00:00:05", "Polling:StaleAfter")]
    [InlineData("Polling:Interval", "00:00:00.100", "Polling:Interval")]
    [InlineData("Simulation:Speed", "0", "Speed")]
    [InlineData("Cloud:Mode", "Azure", "Cloud:Mode")]
    [InlineData("Cloud:Mode", "Aws", "Aws:Environments must list at least one environment")]
    [InlineData("Database:Provider", "MySql", "Database:Provider must be 'Sqlite' or 'PostgreSQL'")]
    [InlineData("Database:ConnectionString", "Nonsense=1", "Database:ConnectionString is not a valid Sqlite connection string")]
    public void A_wrong_setting_stops_the_host_with_a_message_naming_the_key(string key, string value, string named)
    {
        using var factory = new PortalApplication(host => host.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
