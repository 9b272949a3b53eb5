using System.Net;
using Portal.Server.Chat;
using Portal.Server.Tests.Deployments;

namespace Portal.Server.Tests.Chat;

/// <summary>
/// Every person × command × environment of the portal's security table, sent as a chat command by
/// the person's Slack user: the chat obeys the same rules as the pages and the API, because it goes
/// through the same access decisions and deploy guards. The rows are <see cref="SecurityTableTests"/>'s own.
/// </summary>
/// <remarks>
/// As in that table, an allowed deploy names a build nobody announced, so the first refusal past
/// access is the unknown build and nothing is deployed; an allowed rollback in prod stops at the
/// confirmation the protected environment asks for.
/// </remarks>
public sealed class ChatPermissionTableTests(ChatPortal chat) : IClassFixture<ChatPortal>
{
    private const string Allowed = "allowed";
    private const string Forbidden = "forbidden";
    private const string Invisible = "invisible";

    /// <summary>Person, command, expected: from the security table's people rows (deploys, rollbacks), and what they may read.</summary>
    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var row in SecurityTableTests.Deploys.Select(r => r.ToArray()).Where(r => ((string)r[0]).StartsWith("person:", StringComparison.Ordinal)))
        {
            var person = ((string)row[0])["person:".Length..].Split(' ')[0];
            var status = (int)row[2];
            rows.Add(person, $"deploy orders-api {row[1]} 0000000", status == 0 ? Allowed : status == 403 ? Forbidden : Invisible);
        }

        foreach (var row in SecurityTableTests.PageActions.Select(r => r.ToArray()).Where(r => (string)r[1] == "rollback"))
        {
            rows.Add(((string)row[0]).Split(':')[0], $"rollback catalog-api {row[2]}", (bool)row[3] ? Allowed : Forbidden);
        }

        // Reading follows the same visibility: an environment where the person holds no role does not exist for them.
        rows.Add("dmitri", "status orders-api prod", Invisible);
        rows.Add("dmitri", "status orders-api dev", Allowed);
        rows.Add("maria", "history www prod", Allowed);
        rows.Add("oscar", "history orders-api prod", Allowed);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Chat_command(string person, string command, string expected)
    {
        var hook = chat.Slack.NewHook();

        using var response = await chat.SendAsync(SlackEndpoints.CommandsPath, ChatPortal.CommandBody(ChatPortal.UserOf(person), command, hook));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = FakeSlack.TextOf((await chat.Slack.WaitAsync(hook, r => r.Count > 0))[0]);
        var outcome =
            answer.Contains("There is no service", StringComparison.Ordinal) ? Invisible
            : answer.Contains("was refused", StringComparison.Ordinal) && !PastAccess(answer) ? Forbidden
            : Allowed;
        Assert.True(expected == outcome, $"{person} `/portal {command}`: expected {expected}, answered: {answer}");
    }

    /// <summary>A refusal that comes after the access guards: the unknown build, no earlier revision to return to.</summary>
    private static bool PastAccess(string answer) =>
        answer.Contains("No announced build of", StringComparison.Ordinal) || answer.Contains("No earlier completed deployment", StringComparison.Ordinal);
}
