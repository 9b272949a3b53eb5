using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Persistence;

public abstract class RoleChoiceStoreTests : StoreTests
{
    private RoleChoiceStore Choices => Services.GetRequiredService<RoleChoiceStore>();

    [Fact]
    public async Task Nothing_is_remembered_before_a_choice()
    {
        Assert.Null(await Choices.GetAsync("alice", "prod"));
        Assert.Empty(await Choices.GetAllAsync("alice"));
    }

    [Fact]
    public async Task A_new_choice_replaces_the_earlier_one_for_that_person_and_environment()
    {
        await Choices.SetAsync("alice", "prod", "ReadOnly");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await Choices.SetAsync("alice", "prod", "Deployer");

        Assert.Equal("Deployer", await Choices.GetAsync("alice", "prod"));
        await using var context = await Contexts.CreateDbContextAsync();
        var row = await context.RoleChoices.SingleAsync();
        Assert.Equal(("alice", "prod", "Deployer"), (row.UserName, row.Environment, row.RoleName));
        Assert.Equal(Start.AddMinutes(10), row.ChosenAt);
    }

    [Fact]
    public async Task Choices_are_kept_per_person_and_per_environment()
    {
        await Choices.SetAsync("alice", "prod", "ReadOnly");
        await Choices.SetAsync("alice", "dev", "Deployer");
        await Choices.SetAsync("bob", "prod", "Administrator");

        Assert.Equal(new Dictionary<string, string> { ["prod"] = "ReadOnly", ["dev"] = "Deployer" }, await Choices.GetAllAsync("alice"));
        Assert.Equal(new Dictionary<string, string> { ["prod"] = "Administrator" }, await Choices.GetAllAsync("bob"));
        Assert.Equal("Deployer", await Choices.GetAsync("alice", "dev"));
        Assert.Null(await Choices.GetAsync("bob", "dev"));
    }

    [Fact]
    public async Task Choices_made_at_the_same_time_leave_one_row()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Choices.SetAsync("alice", "stage", i % 2 == 0 ? "ReadOnly" : "Deployer")));

        await using var context = await Contexts.CreateDbContextAsync();
        var row = await context.RoleChoices.SingleAsync();
        Assert.Contains(row.RoleName, new[] { "ReadOnly", "Deployer" });
    }
}

public sealed class SqliteRoleChoiceStoreTests(SqliteTestDatabase database) : RoleChoiceStoreTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRoleChoiceStoreTests(PostgresServer server) : RoleChoiceStoreTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
