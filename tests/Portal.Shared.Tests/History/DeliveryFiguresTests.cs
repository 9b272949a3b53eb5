using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Shared.Tests.History;

public class DeliveryFiguresTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(30);

    /// <summary>
    /// Each row: a ledger written as "kind:status:service:requested minute:finished minute" entries
    /// (minutes after From; a negative minute is before the period), then the expected figures.
    /// </summary>
    [Theory]
    [InlineData("", 0, 0, 0, null)]
    [InlineData("deploy:Completed:a:10:20", 1, 0, 1, 0.0)]
    [InlineData("deploy:Failed:a:10:20 deploy:Completed:a:30:50", 2, 0, 2, 0.5)]
    [InlineData("deploy:RolledBack:a:10:20 rollback:Completed:a:25:35", 1, 2, 1, 1.0)]
    [InlineData("deploy:Completed:a:10:20 rollback:Completed:a:25:35", 1, 1, 1, 1.0)]
    [InlineData("deploy:Completed:a:10:20 deploy:Completed:a:30:40 rollback:Completed:a:45:50", 2, 1, 2, 0.5)]
    [InlineData("deploy:Completed:a:10:20 rollback:Completed:b:25:35", 1, 1, 1, 0.0)]
    [InlineData("deploy:Completed:a:43190:43195 rollback:Completed:a:43300:43305", 1, 0, 1, 1.0)]
    [InlineData("deploy:Failed:a:10:20 deploy:Completed:b:30:50", 2, 0, 2, 0.5)]
    [InlineData("deploy:Failed:a:10:20 deploy:Failed:a:30:40 deploy:Completed:a:50:60", 3, 0, 3, 0.6667)]
    [InlineData("deploy:InProgress:a:10:-1 deploy:Completed:a:5:9", 2, 0, 1, 0.0)]
    [InlineData("deploy:Stopped:a:10:20 deploy:Completed:a:30:40", 2, 0, 2, 0.0)]
    [InlineData("deploy:Failed:a:-100:-90 deploy:Completed:a:10:20", 1, 0, 1, 0.0)]
    [InlineData("deploy:Failed:a:43190:43195 deploy:Completed:a:43300:43305", 1, 0, 1, 1.0)]
    public void Deploy_figures_follow_the_ledger(string ledger, int deploys, int rollbacks, int finished, double? failureRate)
    {
        var figures = DeliveryFigures.Compute("prod", From, To, Parse(ledger), []);

        Assert.Equal(deploys, figures.Deploys);
        Assert.Equal(rollbacks, figures.Rollbacks);
        Assert.Equal(finished, figures.Finished);
        if (failureRate is null)
        {
            Assert.Null(figures.FailureRate);
        }
        else
        {
            Assert.Equal(failureRate.Value, figures.FailureRate!.Value, 3);
        }
    }

    /// <summary>
    /// Each row: alarm changes written as "service:alarm:state:minute" (minutes after From), then the
    /// mean time from regression to healthy in minutes and how many regressions ended.
    /// </summary>
    [Theory]
    [InlineData("", null, 0)]
    [InlineData("a:cpu:ALARM:10", null, 0)]
    [InlineData("a:cpu:ALARM:10 a:cpu:OK:25", 15.0, 1)]
    [InlineData("a:cpu:OK:5 a:cpu:ALARM:10 a:cpu:OK:25", 15.0, 1)]
    [InlineData("a:cpu:ALARM:10 a:mem:ALARM:12 a:cpu:OK:20 a:mem:OK:40", 30.0, 1)]
    [InlineData("a:cpu:ALARM:10 a:cpu:INSUFFICIENT_DATA:16", 6.0, 1)]
    [InlineData("a:cpu:ALARM:10 a:cpu:OK:20 b:cpu:ALARM:30 b:cpu:OK:70", 25.0, 2)]
    [InlineData("a:cpu:ALARM:10 a:cpu:OK:20 a:cpu:ALARM:100 a:cpu:OK:140", 25.0, 2)]
    [InlineData("a:cpu:ALARM:-20 a:cpu:OK:20", null, 0)]
    [InlineData("a:cpu:ALARM:43190 a:cpu:OK:43300", 110.0, 1)]
    [InlineData("a:cpu:ALARM:43210 a:cpu:OK:43300", null, 0)]
    public void Recovery_runs_from_the_first_alarm_to_the_last_one_clearing(string changes, double? recoveryMinutes, int recovered)
    {
        var figures = DeliveryFigures.Compute("prod", From, To, [], ParseAlarms(changes));

        Assert.Equal(recoveryMinutes, figures.MeanTimeToRecovery?.TotalMinutes);
        Assert.Equal(recovered, figures.Recovered);
    }

    [Fact]
    public void Alarms_of_other_environments_do_not_count()
    {
        var figures = DeliveryFigures.Compute("prod", From, To, [], [
            new FigureAlarmChange("dev", "c", "a", "cpu", "ALARM", From.AddMinutes(1)),
            new FigureAlarmChange("dev", "c", "a", "cpu", "OK", From.AddMinutes(9))]);

        Assert.Null(figures.MeanTimeToRecovery);
    }

    [Fact]
    public void Other_environments_do_not_count()
    {
        var figures = DeliveryFigures.Compute("prod", From, To, [
            new FigureDeployment("dev", "c", "a", "deploy", DeploymentStatus.Failed, From.AddHours(1), From.AddHours(2)),
            new FigureDeployment("prod", "c", "a", "deploy", DeploymentStatus.Completed, From.AddHours(1), From.AddHours(2))], []);

        Assert.Equal(1, figures.Deploys);
        Assert.Equal(0.0, figures.FailureRate);
    }

    private static List<FigureDeployment> Parse(string ledger) =>
        ledger.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split(':');
            var finished = int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture);
            return new FigureDeployment(
                "prod", "c", parts[2], parts[0], Enum.Parse<DeploymentStatus>(parts[1]),
                From.AddMinutes(int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)),
                finished < 0 && parts[1] == nameof(DeploymentStatus.InProgress) ? null : From.AddMinutes(finished));
        }).ToList();

    private static List<FigureAlarmChange> ParseAlarms(string changes) =>
        changes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split(':');
            return new FigureAlarmChange("prod", "c", parts[0], parts[1], parts[2], From.AddMinutes(int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)));
        }).ToList();
}
