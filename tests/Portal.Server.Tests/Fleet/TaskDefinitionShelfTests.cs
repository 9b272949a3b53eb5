using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Fleet;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Fleet;

public abstract class TaskDefinitionShelfTests : StoreTests
{
    private ITaskDefinitionShelf Shelf => Services.GetRequiredService<ITaskDefinitionShelf>();

    [Fact]
    public async Task A_restart_on_the_same_database_describes_no_task_definition_it_described_before()
    {
        var seed = Seeds.Synthetic(30, 25);
        IReadOnlyList<Shared.Fleet.ServiceSnapshot> before;
        using (var first = new TestOrganization(seed, shelf: Shelf))
        {
            before = (await first.Poller.RefreshAsync(first.Environment("dev"), null, CancellationToken.None)).Services.ToList();
            Assert.Equal(55, first.Meter.Count("ecs", "DescribeTaskDefinition"));
        }

        using var restarted = new TestOrganization(seed, shelf: Shelf);
        var after = (await restarted.Poller.RefreshAsync(restarted.Environment("dev"), null, CancellationToken.None)).Services.ToList();

        Assert.Equal(0, restarted.Meter.Count("ecs", "DescribeTaskDefinition"));
        Assert.Equal(
            before.Select(s => (s.Name, s.TaskDefinition.Arn, s.TaskDefinition.Image, s.TaskDefinition.Cpu, s.TaskDefinition.Memory, string.Join(',', s.TaskDefinition.EnvironmentVariableNames))),
            after.Select(s => (s.Name, s.TaskDefinition.Arn, s.TaskDefinition.Image, s.TaskDefinition.Cpu, s.TaskDefinition.Memory, string.Join(',', s.TaskDefinition.EnvironmentVariableNames))));
    }

    [Fact]
    public async Task A_revision_is_kept_once_however_often_it_is_described()
    {
        var seed = Seeds.Synthetic(12);
        using (var first = new TestOrganization(seed, shelf: Shelf))
        using (var second = new TestOrganization(seed, shelf: Shelf))
        {
            // Two instances starting together both describe every revision; each is kept once.
            await Task.WhenAll(
                first.Poller.RefreshAsync(first.Environment("dev"), null, CancellationToken.None),
                second.Poller.RefreshAsync(second.Environment("dev"), null, CancellationToken.None));
        }

        await using var context = await Contexts.CreateDbContextAsync();
        var arns = await context.KnownTaskDefinitions.Select(t => t.Arn).ToListAsync();
        Assert.Equal(12, arns.Count);
        Assert.All(arns, arn => Assert.True(DatabaseTaskDefinitionShelf.IsRevision(arn)));
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/api:42", true)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/api", false)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/api:latest", false)]
    [InlineData("api:42", false)]
    public void Only_an_arn_naming_a_revision_is_kept(string arn, bool kept) => Assert.Equal(kept, DatabaseTaskDefinitionShelf.IsRevision(arn));
}

public sealed class SqliteTaskDefinitionShelfTests(SqliteTestDatabase database) : TaskDefinitionShelfTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskDefinitionShelfTests(PostgresServer server) : TaskDefinitionShelfTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
