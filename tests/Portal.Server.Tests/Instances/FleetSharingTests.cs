using Portal.Server.Fleet;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Instances;

/// <summary>What an instance without the lease puts into its store from the holder's record.</summary>
public sealed class FleetSharingTests
{
    [Fact]
    public async Task A_shared_record_arrives_with_the_holders_read_times_and_services()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.Polling.RefreshOnceAsync(organization.Environment("dev"), CancellationToken.None);
        var read = organization.Store.Get("dev");
        organization.Time.Advance(TimeSpan.FromMinutes(3));

        var received = FleetSharing.Deserialize(FleetSharing.Serialize(read))!;

        Assert.Equal(read.LastAttemptAt, received.LastAttemptAt);
        Assert.Equal(read.Snapshot!.TakenAt, received.Snapshot!.TakenAt);
        Assert.Equal(read.Snapshot.CloudWatch, received.Snapshot.CloudWatch);
        Assert.Equal(read.Snapshot.Services.Select(s => (s.Name, s.TaskDefinition.Arn, s.RunningCount, s.Events.Count)),
            received.Snapshot.Services.Select(s => (s.Name, s.TaskDefinition.Arn, s.RunningCount, s.Events.Count)));
    }

    [Fact]
    public async Task A_received_record_older_than_the_stores_is_ignored_and_a_newer_one_replaces_it()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.Polling.RefreshOnceAsync(organization.Environment("dev"), CancellationToken.None);
        var older = organization.Store.Get("dev");
        organization.Time.Advance(TimeSpan.FromSeconds(15));
        await organization.Polling.RefreshOnceAsync(organization.Environment("dev"), CancellationToken.None);
        var newer = organization.Store.Get("dev");
        var store = new FleetStore();
        var changes = 0;
        store.Changed += _ => changes++;

        store.Receive("dev", newer);
        store.Receive("dev", older);

        Assert.Same(newer, store.Get("dev"));
        Assert.Equal(1, changes);
    }
}
