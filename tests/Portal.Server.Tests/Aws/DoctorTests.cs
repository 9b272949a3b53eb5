using Portal.Server.Diagnostics;
using Portal.Server.Tests.Api;

namespace Portal.Server.Tests.Aws;

public class DoctorTests(RealModeFixture fixture) : IClassFixture<RealModeFixture>
{
    [Fact]
    public async Task In_real_mode_the_doctor_prints_a_line_per_check_with_awss_error_and_fails_when_one_fails()
    {
        using var output = new StringWriter();

        var exitCode = await DoctorCommand.RunAsync(fixture.Portal.Services, output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, exitCode);
        Assert.Equal(3 * 4 + 1, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("ok", StringComparison.Ordinal) && l.Contains("dev", StringComparison.Ordinal) && l.Contains("read role PortalReadOnly assumable", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal) && l.Contains("stage", StringComparison.Ordinal)
            && l.Contains("ECS clusters listable", StringComparison.Ordinal) && l.Contains("AccessDeniedException", StringComparison.Ordinal));

        // Cost Explorer is asked as cost refreshes ask (Costs:AccountId, Costs:RoleName): the stage
        // read role's refusal does not fail it.
        var costLines = lines.Where(l => l.Contains("Cost Explorer reachable", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, costLines.Count);
        Assert.All(costLines, l => Assert.DoesNotContain("PortalReadOnly", l, StringComparison.Ordinal));
        Assert.Equal($"doctor: {lines.Count(l => l.StartsWith("FAIL", StringComparison.Ordinal))} check(s) failed", lines[^1]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("FAIL", StringComparison.Ordinal) && l.Contains("stage", StringComparison.Ordinal)));

        var costQueries = fixture.Aws.Requests.Where(r => r.Target == "AWSInsightsIndexService.GetCostAndUsage").ToList();
        Assert.All(costQueries, r => Assert.Empty(AwsServiceModel.Load("ce").ValidateInput("GetCostAndUsage", r.Body)));
    }
}

public class SimulatedDoctorTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public SimulatedDoctorTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public async Task On_the_simulated_organization_every_check_passes_cost_explorer_included()
    {
        using var output = new StringWriter();

        var exitCode = await DoctorCommand.RunAsync(_portal.Services, output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("ok   prod       ECS clusters listable: 4 cluster(s)", text, StringComparison.Ordinal);
        Assert.Contains("ok   dev        Cost Explorer reachable: the simulated Cost Explorer answers", text, StringComparison.Ordinal);
        Assert.EndsWith("doctor: every check passed" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
