using Portal.Shared.Fleet;
using Portal.Shared.Triage;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Triage;

public class SuspectRuleTests
{
    private static readonly TimeSpan Window = SuspectRule.DefaultWindow;

    /// <summary>Regression start and deploy time as minutes before <see cref="TestServices.Now"/>; null for unknown.</summary>
    public static TheoryData<string, double?, double?, bool> Cases => new()
    {
        { "began 10 min after the deploy", 20, 30, true },
        { "began the moment the deploy did", 30, 30, true },
        { "began exactly at the window's end", 0, 30, true },
        { "began one minute past the window", 0, 31, false },
        { "began before the deploy", 40, 30, false },
        { "no deploy known", 20, null, false },
        { "no start known", null, 30, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_suspect_by_the_window_after_the_deploy(string name, double? beganAgo, double? deployedAgo, bool expected)
    {
        DateTimeOffset? began = beganAgo is { } b ? Now - Min(b) : null;
        DateTimeOffset? deployed = deployedAgo is { } d ? Now - Min(d) : null;

        Assert.True(expected == SuspectRule.IsSuspect(began, deployed, Window), name);
    }

    [Fact]
    public void A_shorter_window_clears_a_deploy_long_before()
    {
        Assert.False(SuspectRule.IsSuspect(Now, Now - Min(10), Min(5)));
    }

    [Fact]
    public void Cpu_crossing_dates_the_start_of_the_latest_run_above_the_threshold()
    {
        var series = new MetricSeries([
            new MetricPoint(Now - Min(20), 80),
            new MetricPoint(Now - Min(15), 40),
            new MetricPoint(Now - Min(10), 78),
            new MetricPoint(Now - Min(5), 95),
            new MetricPoint(Now, 97),
        ]);

        Assert.Equal(Now - Min(10), SuspectRule.CrossedAt(series, Defaults.CpuWarningPercent));
        Assert.Null(SuspectRule.CrossedAt(new MetricSeries([new MetricPoint(Now, 10)]), Defaults.CpuWarningPercent));
    }

    [Fact]
    public void Regression_begins_at_the_earliest_dated_reason()
    {
        var service = Service() with
        {
            Cpu = new MetricSeries([new MetricPoint(Now - Min(4), 92), new MetricPoint(Now, 95)]),
            Alarms = [Alarm("pricing-api-cpu-critical", "ALARM", Min(7))],
        };

        Assert.Equal(Now - Min(7), SuspectRule.RegressionBegan(service, Defaults));
    }

    [Fact]
    public void A_healthy_service_has_no_start()
    {
        Assert.Null(SuspectRule.RegressionBegan(Service(), Defaults));
    }
}
