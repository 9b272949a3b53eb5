using Portal.Shared.Deployments;

namespace Portal.Shared.Tests.Deployments;

public sealed class DeployGuardsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Build = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    [Theory]
    [InlineData(false, true, false, null, null, true)]
    [InlineData(true, true, false, null, "why", false)]
    [InlineData(true, true, false, "orders-api", null, false)]
    [InlineData(true, true, false, "orders-api", "why", true)]
    [InlineData(true, true, true, null, null, true)]
    [InlineData(true, false, false, null, null, true)]
    public void A_person_deploying_into_a_protected_environment_types_the_name_and_gives_a_reason_unless_this_call_waives_it(
        bool isProtected, bool byPerson, bool waived, string? confirmation, string? reason, bool allowed)
    {
        var refusal = DeployGuards.ProtectedConfirmation(isProtected, byPerson, waived, "prod", "orders-api", confirmation, reason);

        Assert.Equal(allowed, refusal is null);
    }

    [Theory]
    [InlineData(512, 0, true)]
    [InlineData(513, 0, false)]
    [InlineData(400, 80, true)]
    [InlineData(400, 100, false)]
    public void A_reason_fits_its_column_with_the_freeze_override_it_is_kept_with(int reasonLength, int overrideLength, bool allowed)
    {
        var reason = new string('r', reasonLength);
        var overrideReason = overrideLength == 0 ? null : new string('o', overrideLength);

        var refusal = DeployGuards.ReasonTooLong(reason, overrideReason);

        Assert.Equal(allowed, refusal is null);
        Assert.Equal(allowed, DeployGuards.WithFreezeOverride(reason, overrideReason).Length <= DeployGuards.ReasonMaxLength);
    }

    [Fact]
    public void The_same_request_under_a_live_key_replays_a_different_one_conflicts_and_an_old_key_is_free_again()
    {
        var request = DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", DeployTarget.Build(Build), null);
        var other = DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", DeployTarget.Build(Guid.NewGuid()), null);

        Assert.Equal(IdempotencyDecision.New, DeployGuards.Idempotency(null, null, request, Now));
        Assert.Equal(IdempotencyDecision.Replay, DeployGuards.Idempotency(request, Now.AddHours(-23), request, Now));
        Assert.Equal(IdempotencyDecision.Conflict, DeployGuards.Idempotency(request, Now.AddHours(-23), other, Now));
        Assert.Equal(IdempotencyDecision.Expired, DeployGuards.Idempotency(request, Now - DeployGuards.IdempotencyKeyLifetime, other, Now));
        Assert.Equal(IdempotencyDecision.Replay, DeployGuards.Idempotency(string.Empty, Now.AddMinutes(-1), other, Now));
    }

    [Fact]
    public void A_key_conflict_names_what_differs()
    {
        var first = DeployGuards.Fingerprint("deploy", "dev", "dev-api", "orders-api", DeployTarget.Build(Build), null);
        var second = DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", DeployTarget.Build(Build), null);

        var message = DeployGuards.KeyConflict("k-1", first, second);

        Assert.Contains("environment, cluster differ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("target", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprints_tell_targets_and_expected_revisions_apart_but_not_the_case_of_the_environment()
    {
        var revision = DeployTarget.Revision("arn:aws:ecs:eu-west-1:1:task-definition/orders-api:7");

        Assert.Equal(
            DeployGuards.Fingerprint("deploy", "Prod", "prod-api", "orders-api", revision, null),
            DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", revision, null));
        Assert.NotEqual(
            DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", revision, "arn:x:6"),
            DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", revision, null));
        Assert.NotEqual(
            DeployGuards.Fingerprint("deploy", "prod", "prod-api", "orders-api", revision, null),
            DeployGuards.Fingerprint("rollback", "prod", "prod-api", "orders-api", revision, null));
    }

    [Theory]
    [InlineData(true, false, false, false, null, null, false)]
    [InlineData(true, true, true, false, "orders-api", "because", false)]
    [InlineData(true, true, true, true, null, "because", false)]
    [InlineData(true, true, true, true, "orders-api", null, false)]
    [InlineData(true, true, true, true, "orders-api", "because", true)]
    [InlineData(true, false, true, false, null, null, true)]
    [InlineData(false, true, true, false, null, null, true)]
    public void Auto_deploy_into_a_protected_environment_needs_administer_a_reason_and_the_typed_name(
        bool on, bool isProtected, bool mayDeploy, bool mayAdminister, string? confirmation, string? reason, bool allowed)
    {
        var refusal = DeployGuards.AutoDeploySwitch(on, isProtected, mayDeploy, mayAdminister, "prod", "orders-api", confirmation, reason, deployRefusal: null);

        Assert.Equal(allowed, refusal is null);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Only_a_token_that_may_deploy_there_causes_an_auto_deploy(bool byToken, bool mayDeploy, bool allowed) =>
        Assert.Equal(allowed, DeployGuards.AnnouncerMayAutoDeploy(byToken, mayDeploy));

    [Fact]
    public void A_freeze_lets_through_only_an_override_with_a_reason_by_one_who_may_make_it()
    {
        var window = new FreezeWindow { Environment = "prod", Start = Now.AddDays(-1), End = Now.AddDays(1), Reason = "Holiday freeze" };

        Assert.Equal(FreezeDecision.Open, DeployGuards.Freeze(null, "prod", mayOverride: false, null));
        Assert.Equal(FreezeDecision.Overridden, DeployGuards.Freeze(window, "prod", mayOverride: true, "hotfix for the outage"));
        Assert.Equal("prod is frozen until 2026-12-03 10:00 UTC: Holiday freeze. As an administrator you may override it with a reason.",
            DeployGuards.Freeze(window, "prod", mayOverride: true, " ").Refusal);
        Assert.Equal("prod is frozen until 2026-12-03 10:00 UTC: Holiday freeze.", DeployGuards.Freeze(window, "prod", mayOverride: false, "hotfix").Refusal);
    }

    [Fact]
    public void An_auto_deploy_names_who_caused_it() => Assert.Equal("auto (token:ci)", DeployGuards.AutoActor("token:ci"));
}
