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
    [InlineData("", 0, 0, 0, null, null)]
    [InlineData("deploy:Completed:a:10:20", 1, 0, 1, 0.0, null)]
    [InlineData("deploy:Failed:a:10:20 deploy:Completed:a:30:50", 2, 0, 2, 0.5, 30.0)]
    [InlineData("deploy:RolledBack:a:10:20 rollback:Completed:a:25:35", 1, 2, 2, 0.5, 15.0)]
    [InlineData("deploy:Failed:a:10:20 deploy:Completed:b:30:50", 2, 0, 2, 0.5, null)]
    [InlineData("deploy:Failed:a:10:20 deploy:Failed:a:30:40 deploy:Completed:a:50:60", 3, 0, 3, 0.6667, 30.0)]
    [InlineData("deploy:InProgress:a:10:-1 deploy:Completed:a:5:9", 2, 0, 1, 0.0, null)]
    [InlineData("deploy:Stopped:a:10:20 deploy:Completed:a:30:40", 2, 0, 2, 0.0, null)]
    [InlineData("deploy:Failed:a:-100:-90 deploy:Completed:a:10:20", 1, 0, 1, 0.0, null)]
    [InlineData("deploy:Failed:a:43190:43195 deploy:Completed:a:43300:43305", 1, 0, 1, 1.0, 110.0)]
    public void Figures_follow_the_ledger(string ledger, int deploys, int rollbacks, int finished, double? failureRate, double? recoveryMinutes)
    {
        var figures = DeliveryFigures.Compute("prod", From, To, Parse(ledger));

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

        Assert.Equal(recoveryMinutes, figures.MeanTimeToRecovery?.TotalMinutes);
    }

    [Fact]
    public void Other_environments_do_not_count()
    {
        var figures = DeliveryFigures.Compute("prod", From, To, [
            new FigureDeployment("dev", "c", "a", "deploy", DeploymentStatus.Failed, From.AddHours(1), From.AddHours(2)),
            new FigureDeployment("prod", "c", "a", "deploy", DeploymentStatus.Completed, From.AddHours(1), From.AddHours(2))]);

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
}
