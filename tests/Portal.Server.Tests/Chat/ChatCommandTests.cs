using Portal.Server.Chat;

namespace Portal.Server.Tests.Chat;

/// <summary>What <c>/portal …</c> texts mean, and the usage a text that is no command gets.</summary>
public sealed class ChatCommandTests
{
    [Theory]
    [InlineData("status orders-api", "status", "orders-api", null, null)]
    [InlineData("status orders-api PROD", "status", "orders-api", "prod", null)]
    [InlineData("  deploy   orders-api  dev  ", "deploy", "orders-api", "dev", null)]
    [InlineData("Deploy orders-api prod e8d2c91", "deploy", "orders-api", "prod", "e8d2c91")]
    [InlineData("rollback orders-api prod", "rollback", "orders-api", "prod", null)]
    [InlineData("history www", "history", "www", null, null)]
    [InlineData("", "help", null, null, null)]
    [InlineData("help", "help", null, null, null)]
    public void Reads_a_command(string text, string verb, string? service, string? environment, string? build)
    {
        var (command, problem) = ChatCommand.Parse(text);

        Assert.Null(problem);
        Assert.Equal(new ChatCommand(verb, service, environment, build), command);
    }

    [Theory]
    [InlineData("deploy orders-api", "Usage: `/portal deploy <service> <env> [build]`")]
    [InlineData("rollback orders-api prod now", "Usage: `/portal rollback <service> <env>`")]
    [InlineData("status", "Usage: `/portal status <service> [env]`")]
    [InlineData("scale orders-api 3", "`scale` is not a portal command. Try `/portal help`.")]
    public void Says_how_to_type_what_is_not_a_command(string text, string expected)
    {
        var (command, problem) = ChatCommand.Parse(text);

        Assert.Null(command);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Only_deploy_and_rollback_change_anything()
    {
        Assert.True(ChatCommand.Parse("deploy a dev").Command!.Changes);
        Assert.True(ChatCommand.Parse("rollback a dev").Command!.Changes);
        Assert.False(ChatCommand.Parse("status a dev").Command!.Changes);
        Assert.False(ChatCommand.Parse("history a").Command!.Changes);
    }
}
