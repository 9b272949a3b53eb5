using System.Net;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Costs;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Tests.Aws;

public class AwsReachabilityTests
{
    private static readonly CloudCaller CostCaller = new("999988887777", "us-east-1", "PortalCostExplorer", "portal");

    [Fact]
    public async Task The_doctor_asks_cost_explorer_with_the_cost_role_not_the_environments_read_role()
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.OK, new JsonObject());
        var reachability = new AwsReachability(aws.Credentials, aws.Client, new CostExplorerAccount(CostCaller), aws.Time);

        var (outcome, detail) = await reachability.CostExplorerAsync(AwsClientHarness.Caller, CancellationToken.None);

        Assert.Equal(DoctorOutcome.Passed, outcome);
        Assert.Equal("answers to role PortalCostExplorer in account 999988887777", detail);
        Assert.Equal(CostCaller, Assert.Single(aws.Credentials.Asked));
        Assert.Equal("AWSInsightsIndexService.GetCostAndUsage", Assert.Single(aws.Requests).Target);
    }

    [Fact]
    public async Task Without_a_cost_account_the_cost_explorer_check_is_skipped_with_the_reason_and_nothing_is_asked()
    {
        using var aws = new AwsClientHarness();
        var reachability = new AwsReachability(aws.Credentials, aws.Client, new CostExplorerAccount(null, "Costs:AccountId is not set."), aws.Time);

        var (outcome, detail) = await reachability.CostExplorerAsync(AwsClientHarness.Caller, CancellationToken.None);

        Assert.Equal(DoctorOutcome.Skipped, outcome);
        Assert.Equal("Costs:AccountId is not set.", detail);
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task A_cost_role_that_may_not_ask_cost_explorer_fails_the_check_naming_it()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "AccessDeniedException", "User is not authorized to perform: ce:GetCostAndUsage");
        var reachability = new AwsReachability(aws.Credentials, aws.Client, new CostExplorerAccount(CostCaller), aws.Time);

        var (outcome, detail) = await reachability.CostExplorerAsync(AwsClientHarness.Caller, CancellationToken.None);

        Assert.Equal(DoctorOutcome.Failed, outcome);
        Assert.Contains("Role PortalCostExplorer in account 999988887777 may not call ce:GetCostAndUsage", detail, StringComparison.Ordinal);
    }
}
