using Portal.Shared.Access;
using static Portal.Shared.Access.PortalAction;

namespace Portal.Shared.Tests.Access;

/// <summary>
/// The policy as a table: every role a person can hold in an environment, against every action, in
/// dev and prod (the person's role differing between them), on a service tagged for publishing or not.
/// </summary>
public class AccessPolicyTableTests
{
    private const string Unassigned = "(none)";

    /// <summary>A role name the person was assigned that the configuration does not know.</summary>
    private const string UnknownRole = "Auditor";

    private static readonly string[] Roles = ["ReadOnly", "Deployer", "Publisher", "Administrator", Unassigned, UnknownRole];

    private static readonly string[] EnvironmentNames = ["dev", "prod"];

    private static readonly PortalAction[] Columns =
        [ViewEnvironment, ViewService, ViewCosts, Deploy, Rollback, Publish, AcknowledgeAlert, ManageTokens, ManageFreezeWindows, ViewAudit, RunDoctor];

    private const string Ok = "ok";
    private const string NotFound = "404";
    private const string NoRole = "-";
    private const string Admin = "Administrator";

    // A cell is "ok" (allowed), "404" (invisible), a role name (refused; that role is needed) or "-"
    // (refused; no role would do). "tagged/untagged" where the service's publish tag decides.
    private static readonly Dictionary<string, string[]> Table = new()
    {
        //                  ViewEnv   ViewSvc   ViewCosts Deploy      Rollback    Publish          AckAlert  Tokens    Freeze    Audit     Doctor
        ["ReadOnly"] =      [Ok,       Ok,       Ok,       "Deployer", "Deployer", "Publisher/-",   Ok,       Admin,    Admin,    Admin,    Admin],
        ["Deployer"] =      [Ok,       Ok,       Ok,       Ok,         Ok,         "ok/-",          Ok,       Admin,    Admin,    Admin,    Admin],
        ["Publisher"] =     [Ok,       Ok,       Ok,       "Deployer", "Deployer", "ok/-",          Ok,       Admin,    Admin,    Admin,    Admin],
        ["Administrator"] = [Ok,       Ok,       Ok,       Ok,         Ok,         "ok/-",          Ok,       Ok,       Ok,       Ok,       Ok],
        [Unassigned] =      [NotFound, NotFound, NotFound, NotFound,   NotFound,   NotFound,        NotFound, NotFound, NotFound, NotFound, NotFound],
        [UnknownRole] =     [NotFound, NotFound, NotFound, NotFound,   NotFound,   NotFound,        NotFound, NotFound, NotFound, NotFound, NotFound],
    };

    public static TheoryData<string, string, PortalAction, string, bool> Combinations()
    {
        var data = new TheoryData<string, string, PortalAction, string, bool>();
        foreach (var devRole in Roles)
        {
            foreach (var prodRole in Roles)
            {
                foreach (var action in Enum.GetValues<PortalAction>())
                {
                    foreach (var environment in EnvironmentNames)
                    {
                        data.Add(devRole, prodRole, action, environment, true);
                        data.Add(devRole, prodRole, action, environment, false);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Decides_as_the_table_says(string devRole, string prodRole, PortalAction action, string environment, bool taggedForPublishing)
    {
        var person = PersonHolding(devRole, prodRole);
        var tags = taggedForPublishing ? SeedPeople.MarketingSite : SeedPeople.ApiService;
        var roleHere = environment == "dev" ? devRole : prodRole;
        var cell = Cell(roleHere, action, taggedForPublishing);

        var decision = AccessPolicy.Decide(person, ActiveRoles.Empty, action, environment, tags, RoleCapabilities.Default);

        switch (cell)
        {
            case Ok:
                Assert.Equal(Decision.Allow, decision);
                break;
            case NotFound:
                Assert.Equal(Decision.Invisible, decision);
                Assert.True(decision.IsInvisible);
                Assert.False(decision.Allowed);
                Assert.Null(decision.Reason);
                break;
            case NoRole:
                Assert.False(decision.Allowed);
                Assert.False(decision.IsInvisible);
                Assert.Null(decision.NeededRole);
                Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
                break;
            default:
                Assert.False(decision.Allowed);
                Assert.False(decision.IsInvisible);
                Assert.Equal(cell, decision.NeededRole);
                Assert.Contains(cell, decision.Reason, StringComparison.Ordinal);
                Assert.Contains($"in {environment}", decision.Reason, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void The_table_has_a_column_for_every_action_and_a_row_for_every_configured_role()
    {
        Assert.Equal(Enum.GetValues<PortalAction>().Order(), Columns.Order());
        Assert.Equal(Columns.Length, Columns.Distinct().Count());
        Assert.All(Table.Values, row => Assert.Equal(Columns.Length, row.Length));
        Assert.Subset(Table.Keys.ToHashSet(), RoleCapabilities.Default.Roles.Keys.ToHashSet());
    }

    [Fact]
    public void The_table_covers_every_combination_once()
    {
        var rows = Combinations().Select(r => string.Join('|', r)).ToList();

        Assert.Equal(Roles.Length * Roles.Length * Columns.Length * EnvironmentNames.Length * 2, rows.Count);
        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
    }

    private static Person PersonHolding(string devRole, string prodRole)
    {
        var assignments = new List<(string, string)>();
        if (devRole != Unassigned)
            assignments.Add(("dev", devRole));
        if (prodRole != Unassigned)
            assignments.Add(("prod", prodRole));

        // A role elsewhere must not leak into dev or prod.
        assignments.Add(("stage", "Administrator"));
        return SeedPeople.Person("pat", "Pat Example", [.. assignments]);
    }

    private static string Cell(string role, PortalAction action, bool taggedForPublishing)
    {
        var cell = Table[role][Array.IndexOf(Columns, action)];
        var parts = cell.Split('/');
        return parts.Length == 1 ? cell : parts[taggedForPublishing ? 0 : 1];
    }
}
