using Portal.Shared.Deployments;

namespace Portal.Shared.Tests.Deployments;

public sealed class RevisionLineageTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void After_a_deploy_the_rollback_returns_to_the_revision_it_replaced()
    {
        var steps = new[] { Deploy(10, 11, 1) };

        var before = RevisionLineage.Before(steps, Arn(11));

        Assert.Equal([Arn(10)], before.Select(r => r.TaskDefinition));
        Assert.Equal(Start.AddMinutes(1), before[0].Until);
    }

    [Fact]
    public void After_a_rollback_the_next_rollback_goes_to_the_one_before_never_back_to_the_build_just_left()
    {
        var steps = new[] { Deploy(10, 11, 1), Deploy(11, 12, 2), Rollback(12, 11, 3) };

        var before = RevisionLineage.Before(steps, Arn(11));

        Assert.Equal(Arn(10), before[0].TaskDefinition);
        Assert.DoesNotContain(before, r => r.TaskDefinition == Arn(12));
    }

    [Fact]
    public void Each_revision_says_who_deployed_it_what_it_ran_and_from_when_until_when()
    {
        var steps = new[] { Deploy(10, 11, 1), Deploy(11, 12, 2) };

        var before = RevisionLineage.Before(steps, Arn(12));

        var eleven = before[0];
        Assert.Equal(Arn(11), eleven.TaskDefinition);
        Assert.Equal("alice", eleven.DeployedBy);
        Assert.Equal("repo/api:r11", eleven.Image);
        Assert.Equal(Start.AddMinutes(1), eleven.Since);
        Assert.Equal(Start.AddMinutes(2), eleven.Until);
        Assert.Null(before[1].DeployedBy);
    }

    [Fact]
    public void A_rollback_to_a_revision_never_recorded_leaves_the_one_it_undid_out()
    {
        var steps = new[] { Deploy(10, 11, 1), Rollback(11, 9, 2) };

        var before = RevisionLineage.Before(steps, Arn(9));

        Assert.Equal([Arn(10)], before.Select(r => r.TaskDefinition));
    }

    [Fact]
    public void A_rollout_in_progress_is_left_for_what_ran_before_it()
    {
        var steps = new[] { Deploy(10, 11, 1) };

        var before = RevisionLineage.Before(steps, Arn(12));

        Assert.Equal(Arn(11), before[0].TaskDefinition);
    }

    [Fact]
    public void A_chosen_rollback_target_must_be_one_that_ran_before_the_revision_being_left()
    {
        var before = RevisionLineage.Before([Deploy(10, 11, 1), Deploy(11, 12, 2), Rollback(12, 11, 3)], Arn(11));

        Assert.Null(DeployGuards.RollbackChoice("api", Arn(10), Arn(11), before));
        Assert.Contains("leaving", DeployGuards.RollbackChoice("api", Arn(11), Arn(11), before), StringComparison.Ordinal);
        Assert.Contains("no rollback target", DeployGuards.RollbackChoice("api", Arn(12), Arn(11), before), StringComparison.Ordinal);
    }

    private static LineageStep Deploy(int from, int to, int minute) =>
        new("deploy", Arn(from), Arn(to), $"repo/api:r{to}", $"c{to:000000}", "alice", Start.AddMinutes(minute));

    private static LineageStep Rollback(int from, int to, int minute) =>
        new(RevisionLineage.RollbackKind, Arn(from), Arn(to), $"repo/api:r{to}", null, "bob", Start.AddMinutes(minute));

    private static string Arn(int revision) => $"arn:aws:ecs:eu-west-1:123456789012:task-definition/api:{revision}";
}
