using Portal.Shared.Deployments;
using Portal.Shared.Health;

namespace Portal.Shared.Tests.Deployments;

public sealed class PromotionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Environments = ["dev", "stage", "prod"];

    [Fact]
    public void Prod_is_offered_the_build_that_runs_in_stage()
    {
        var inStage = Build("e8d2c91", "stage");

        var promotion = Promotions.Into("prod", Environments, "repo/orders-api:c0ffe42", [Build("f00d123", "dev"), inStage]);

        Assert.Equal(new Promotion("stage", inStage), promotion);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Nothing_is_offered_for_the_first_environment_nor_when_prod_already_runs_it(string environment)
    {
        var inStage = Build("e8d2c91", "stage", "prod");

        Assert.Null(Promotions.Into(environment, Environments, environment == "prod" ? inStage.Image : "repo/orders-api:x", [inStage]));
    }

    private static BuildChoice Build(string tag, params string[] runningIn) =>
        new(Guid.NewGuid(), $"repo/orders-api:{tag}", tag, tag, "m", "sam", Now, RunningIn: runningIn.Select(e => new BuildPlacement(e, Now, HealthLevel.Healthy)).ToList());
}
