using System.Globalization;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Diagnostics;

/// <summary>
/// For each environment: read role assumable, clusters listable, CloudWatch reachable, Cost Explorer
/// reachable; one line per check with AWS's error when it fails. Results are reused for a minute:
/// Cost Explorer charges per request, and the page must not become a way to run up the bill.
/// </summary>
public sealed class EnvironmentDoctor(
    IEnvironmentCatalog catalog,
    IEcs ecs,
    ICloudWatch cloudWatch,
    ICloudReachability reachability,
    TimeProvider time) : IEnvironmentDoctor, IDisposable
{
    private static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _running = new(1, 1);
    private DoctorReport? _last;

    public async Task<DoctorReport> CheckAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.CheckedAt < ReuseFor)
            {
                return last;
            }

            var checks = new List<DoctorCheck>();
            foreach (var environment in catalog.Environments)
            {
                checks.AddRange(await CheckEnvironmentAsync(environment, cancellationToken));
            }

            _last = new DoctorReport(time.GetUtcNow(), checks);
            return _last;
        }
        finally
        {
            _running.Release();
        }
    }

    public void Dispose() => _running.Dispose();

    private async Task<List<DoctorCheck>> CheckEnvironmentAsync(FleetEnvironment environment, CancellationToken cancellationToken)
    {
        var caller = environment.ReadCaller;
        var checks = new List<DoctorCheck>();
        var (roleOutcome, roleDetail) = await reachability.AssumeRoleAsync(caller, cancellationToken);
        checks.Add(new DoctorCheck(environment.Name, $"read role {caller.RoleName} assumable", roleOutcome, roleDetail));
        checks.Add(await RunAsync(environment, "ECS clusters listable", async () =>
        {
            var page = await ecs.ListClustersAsync(caller, new ListClustersRequest(MaxResults: EcsLimits.ListClustersMax), cancellationToken);
            return string.Create(CultureInfo.InvariantCulture, $"{page.ClusterArns.Count} cluster(s){(page.NextToken is null ? "" : " on the first page")}");
        }));
        checks.Add(await RunAsync(environment, "CloudWatch reachable", async () =>
        {
            var page = await cloudWatch.DescribeAlarmsAsync(caller, new DescribeAlarmsRequest(MaxRecords: 1), cancellationToken);
            return page.MetricAlarms.Count == 0 ? "answers; no alarms" : "answers; alarms present";
        }));
        var (costOutcome, costDetail) = await reachability.CostExplorerAsync(caller, cancellationToken);
        checks.Add(new DoctorCheck(environment.Name, "Cost Explorer reachable", costOutcome, costDetail));
        return checks;
    }

    private static async Task<DoctorCheck> RunAsync(FleetEnvironment environment, string check, Func<Task<string>> probe)
    {
        try
        {
            return new DoctorCheck(environment.Name, check, DoctorOutcome.Passed, await probe());
        }
        catch (CloudException error)
        {
            return new DoctorCheck(environment.Name, check, DoctorOutcome.Failed, error.Message);
        }
    }
}
