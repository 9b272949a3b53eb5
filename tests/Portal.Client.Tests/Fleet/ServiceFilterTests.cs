using Portal.Client.Fleet;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Fleet;

public sealed class ServiceFilterTests
{
    private static readonly ServiceView[] Services = [.. StandardProd().Services];

    [Fact]
    public void No_filters_keep_every_service_in_order()
    {
        Assert.Equal(Names(Services), Names(ServiceFilter.Apply(Services, null, null, null)));
        Assert.Equal(Names(Services), Names(ServiceFilter.Apply(Services, " ", "", "  ")));
    }

    [Fact]
    public void Cluster_matches_the_cluster_name_exactly()
    {
        Assert.Equal(["report-worker"], Names(ServiceFilter.Apply(Services, null, "batch", null)));
        Assert.Empty(ServiceFilter.Apply(Services, null, "Batch", null));
        Assert.Empty(ServiceFilter.Apply(Services, null, "bat", null));
    }

    [Theory]
    [InlineData("Critical", new[] { "checkout-api" })]
    [InlineData("warning", new[] { "tracking-api", "orders-api" })]
    [InlineData("HEALTHY", new[] { "search-api", "report-worker" })]
    [InlineData("Unknown", new string[0])]
    public void Health_matches_the_level_in_any_case(string health, string[] expected)
    {
        Assert.Equal(expected, Names(ServiceFilter.Apply(Services, null, null, health)));
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("7")]
    [InlineData("3")]
    public void A_health_value_that_is_no_level_filters_nothing(string health)
    {
        Assert.Equal(Names(Services), Names(ServiceFilter.Apply(Services, null, null, health)));
    }

    [Fact]
    public void Text_matches_the_service_name_ignoring_case_and_surrounding_spaces()
    {
        Assert.Equal(["checkout-api"], Names(ServiceFilter.Apply(Services, "  CHECKOUT ", null, null)));
        Assert.Equal(["checkout-api", "tracking-api", "search-api", "orders-api"], Names(ServiceFilter.Apply(Services, "-api", null, null)));
    }

    [Fact]
    public void Text_matches_the_image_tag()
    {
        Assert.Equal(["search-api"], Names(ServiceFilter.Apply(Services, "3.0.1", null, null)));
    }

    [Fact]
    public void Text_matches_health_reason_text()
    {
        Assert.Equal(["tracking-api"], Names(ServiceFilter.Apply(Services, "latency-warning in alarm", null, null)));
        Assert.Equal(["checkout-api"], Names(ServiceFilter.Apply(Services, "of 3 tasks", null, null)));
    }

    [Fact]
    public void Text_does_not_match_the_rest_of_the_image_or_the_cluster()
    {
        Assert.Empty(ServiceFilter.Apply(Services, "dkr.ecr", null, null));
        Assert.Empty(ServiceFilter.Apply(Services, "batch", null, null));
    }

    [Fact]
    public void Filters_combine_with_and()
    {
        Assert.Equal(["tracking-api"], Names(ServiceFilter.Apply(Services, "track", "main", "Warning")));
        Assert.Empty(ServiceFilter.Apply(Services, "track", "main", "Critical"));
        Assert.Empty(ServiceFilter.Apply(Services, "report", "main", null));
    }

    [Fact]
    public void A_service_reason_at_another_level_still_matches_the_text()
    {
        ServiceView[] services =
        [
            View(Prod, Service(Prod, "payments-api", 4, "1.0.0"), new ServiceHealth(HealthLevel.Critical,
            [
                new(HealthLevel.Critical, HealthReasonCodes.RolloutFailed, "Deployment ecs-svc/9 failed"),
                new(HealthLevel.Warning, HealthReasonCodes.PlacementFailures, "Unable to place tasks twice in the last 15 min"),
            ])),
        ];

        Assert.Equal(["payments-api"], Names(ServiceFilter.Apply(services, "unable to place", null, "Critical")));
    }

    private static string[] Names(IEnumerable<ServiceView> services) => [.. services.Select(s => s.Service.Name)];
}
