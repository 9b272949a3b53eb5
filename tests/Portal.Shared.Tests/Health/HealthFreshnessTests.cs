using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Health;

/// <summary>How the age of each part of the data (ECS, CloudWatch) and the errors behind it shape a service's health.</summary>
public class HealthFreshnessTests
{
    private const string EcsError = "ecs:ListClusters failed: ThrottlingException: Rate exceeded";

    private const string CloudWatchError = "cloudwatch:GetMetricData failed: InternalFailure: Service unavailable";

    /// <summary>One row: a service, its freshness, and the reasons (worst first) and notes it should be given.</summary>
    public sealed record Case(ServiceSnapshot Service, SnapshotFreshness Freshness, HealthReason[] Reasons, HealthNote[] Notes);

    private static TimeSpan Sec(double seconds) => TimeSpan.FromSeconds(seconds);

    private static HealthReason Warning(string code, string text) => new(HealthLevel.Warning, code, text);

    private static HealthReason Critical(string code, string text) => new(HealthLevel.Critical, code, text);

    private static HealthReason Unknown(string code, string text) => new(HealthLevel.Unknown, code, text);

    private static HealthNote Note(string code, string text) => new(code, text);

    /// <summary>In ALARM for 3 min, critical CPU, and running 1 of 2 for 10 min: two CloudWatch reasons and one from ECS.</summary>
    private static ServiceSnapshot Troubled(TimeSpan cloudWatchAge) => Service(desired: 2, running: 1) with
    {
        BelowDesiredSince = Now - Min(10),
        Alarms = [Alarm("tracking-api-critical-latency", "ALARM", Min(3))],
        Cpu = Latest(93),
        CloudWatchReadAt = Now - cloudWatchAge,
    };

    private static readonly HealthReason AlarmReason = Critical(HealthReasonCodes.AlarmFiring, "Alarm tracking-api-critical-latency in ALARM since 3 min ago");

    private static readonly HealthReason CpuReason = Critical(HealthReasonCodes.CpuHigh, "CPU at 93% (critical above 90%)");

    private static readonly HealthReason BelowDesiredReason = Warning(HealthReasonCodes.BelowDesired, "Running 1 of 2 tasks for 10 min");

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["fresh: every reason counts, no note"] = new(Troubled(TimeSpan.Zero), Fresh, [AlarmReason, CpuReason, BelowDesiredReason], []),

        // A failed refresh: the last known health stands until StaleAfter, marked with its age and error.
        ["failed refresh within StaleAfter: healthy stays healthy"] = new(
            Service() with { CloudWatchReadAt = Now - Sec(45) },
            Fresh with { EcsReadAt = Now - Sec(45), EcsError = EcsError },
            [],
            [Note(HealthNoteCodes.EcsDataStale, $"ECS data 45 s old: last refresh failed: {EcsError}")]),
        ["failed refresh within StaleAfter: troubled keeps every reason"] = new(
            Troubled(Sec(45)),
            Fresh with { EcsReadAt = Now - Sec(45), EcsError = EcsError },
            [AlarmReason, CpuReason, BelowDesiredReason],
            [Note(HealthNoteCodes.EcsDataStale, $"ECS data 45 s old: last refresh failed: {EcsError}")]),
        ["failed refresh at StaleAfter: still the last health"] = new(
            Service() with { CloudWatchReadAt = Now - Min(1) },
            Fresh with { EcsReadAt = Now - Min(1), EcsError = EcsError },
            [],
            [Note(HealthNoteCodes.EcsDataStale, $"ECS data 1 min old: last refresh failed: {EcsError}")]),

        // Past StaleAfter: Unknown, and what was last known stays shown, alarms and metrics too.
        ["past StaleAfter: healthy turns Unknown"] = new(
            Service() with { CloudWatchReadAt = Now - Min(1) - Sec(1) },
            Fresh with { EcsReadAt = Now - Min(1) - Sec(1), EcsError = EcsError },
            [Unknown(HealthReasonCodes.StaleData, $"Data is stale: last refreshed 1 min ago (error: {EcsError})")],
            []),
        ["past StaleAfter: troubled keeps its last known reasons"] = new(
            Troubled(Min(5)),
            Fresh with { EcsReadAt = Now - Min(5), EcsError = EcsError },
            [AlarmReason, CpuReason, BelowDesiredReason, Unknown(HealthReasonCodes.StaleData, $"Data is stale: last refreshed 5 min ago (error: {EcsError})")],
            []),

        // CloudWatch failed, ECS did not: health from ECS, alarms and metrics counted only while younger than StaleAfter.
        ["CloudWatch stale within StaleAfter: its reasons count, with a note"] = new(
            Troubled(Sec(50)),
            Fresh with { CloudWatchError = CloudWatchError },
            [AlarmReason, CpuReason, BelowDesiredReason],
            [Note(HealthNoteCodes.CloudWatchDataStale, $"CloudWatch data 50 s old: {CloudWatchError}")]),
        ["CloudWatch stale past StaleAfter: only ECS reasons count"] = new(
            Troubled(Min(3)),
            Fresh with { CloudWatchError = CloudWatchError },
            [BelowDesiredReason],
            [Note(HealthNoteCodes.CloudWatchDataUnavailable, $"CloudWatch data unavailable since 3 min ago, alarms and metrics not counted: {CloudWatchError}")]),
        ["CloudWatch stale past StaleAfter: healthy by ECS is Healthy"] = new(
            Service() with { Alarms = [Alarm("tracking-api-critical-latency", "ALARM", Min(3))], CloudWatchReadAt = Now - Min(3) },
            Fresh with { CloudWatchError = CloudWatchError },
            [],
            [Note(HealthNoteCodes.CloudWatchDataUnavailable, $"CloudWatch data unavailable since 3 min ago, alarms and metrics not counted: {CloudWatchError}")]),
        ["CloudWatch never read for a new service"] = new(
            Service() with { CloudWatchReadAt = null },
            Fresh with { CloudWatchError = CloudWatchError },
            [],
            [Note(HealthNoteCodes.CloudWatchDataUnavailable, $"No CloudWatch data yet, alarms and metrics not counted: {CloudWatchError}")]),

        // Both parts.
        ["both failed within StaleAfter: two notes"] = new(
            Troubled(Sec(50)),
            Fresh with { EcsReadAt = Now - Sec(20), EcsError = EcsError, CloudWatchError = CloudWatchError },
            [AlarmReason, CpuReason, BelowDesiredReason],
            [
                Note(HealthNoteCodes.EcsDataStale, $"ECS data 20 s old: last refresh failed: {EcsError}"),
                Note(HealthNoteCodes.CloudWatchDataStale, $"CloudWatch data 50 s old: {CloudWatchError}"),
            ]),
        ["CloudWatch aged with a failed ECS refresh: one note"] = new(
            Troubled(Sec(30)),
            Fresh with { EcsReadAt = Now - Sec(30), EcsError = EcsError },
            [AlarmReason, CpuReason, BelowDesiredReason],
            [Note(HealthNoteCodes.EcsDataStale, $"ECS data 30 s old: last refresh failed: {EcsError}")]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evaluate_gives_the_expected_reasons_and_notes(string name)
    {
        var @case = Cases[name];

        var health = HealthRules.Evaluate(@case.Service, Now, @case.Freshness, Defaults);

        Assert.Equal(@case.Reasons, health.Reasons);
        Assert.Equal(@case.Notes, health.Notes);
        var expectedLevel = @case.Reasons.Length == 0 ? HealthLevel.Healthy : @case.Reasons.Max(r => r.Level);
        Assert.Equal(expectedLevel, health.Level);
    }

    [Fact]
    public void Every_note_code_is_kebab_case_distinct_and_produced_by_some_case()
    {
        var codes = typeof(HealthNoteCodes).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var produced = Cases.Values.SelectMany(c => c.Notes).Select(n => n.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(3, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
        Assert.All(codes, code => Assert.Contains(code, produced));
    }

    [Fact]
    public void A_failed_refresh_turns_a_healthy_service_Unknown_only_once_its_data_is_older_than_StaleAfter()
    {
        var service = Service() with { CloudWatchReadAt = Now };
        var failed = Fresh with { EcsError = EcsError };

        var levels = new[] { Sec(15), Sec(45), Sec(60), Sec(61), Min(5) }
            .Select(later => HealthRules.Evaluate(service, Now + later, failed, Defaults).Level)
            .ToList();

        Assert.Equal([HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Unknown, HealthLevel.Unknown], levels);
    }
}
