using Bunit;
using Portal.Client.Components;
using Portal.Shared.Fleet;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Components;

public sealed class RolloutLabelTests : BunitContext
{
    [Fact]
    public void A_rollout_in_progress_shows_how_many_tasks_of_the_new_revision_run()
    {
        var service = Service(Prod, "checkout-api", 13, "2.4.0");
        service = service with
        {
            Deployments =
            [
                Deployment("ecs-svc/2", "PRIMARY", service.TaskDefinition.Arn, RolloutState.InProgress, Now, desired: 3, running: 1),
                Deployment("ecs-svc/1", "ACTIVE", service.TaskDefinition.Arn, RolloutState.Completed, Now.AddHours(-1)),
            ],
        };

        var cut = Render<RolloutLabel>(parameters => parameters.Add(p => p.Service, service));

        cut.MarkupMatches("""<span class="rollout in-progress">in progress 1/3</span>""");
    }

    [Theory]
    [InlineData(RolloutState.Completed, "completed")]
    [InlineData(RolloutState.Failed, "failed")]
    [InlineData(RolloutState.Unknown, "unknown")]
    public void A_settled_rollout_shows_its_state(RolloutState state, string text)
    {
        var service = Service(Prod, "checkout-api", 13, "2.4.0");
        service = service with { Deployments = [Deployment("ecs-svc/1", "PRIMARY", service.TaskDefinition.Arn, state, Now)] };

        var cut = Render<RolloutLabel>(parameters => parameters.Add(p => p.Service, service));

        var label = cut.Find("span.rollout");
        Assert.Equal(text, label.TextContent);
        Assert.DoesNotContain("in-progress", label.ClassList);
        Assert.Equal(state == RolloutState.Failed, label.ClassList.Contains("failed"));
    }

    [Fact]
    public void A_service_without_a_primary_deployment_says_so()
    {
        var service = Service(Prod, "checkout-api", 13, "2.4.0") with { Deployments = [] };

        var cut = Render<RolloutLabel>(parameters => parameters.Add(p => p.Service, service));

        Assert.Equal("no deployment", cut.Find("span.rollout.unknown").TextContent);
    }
}
