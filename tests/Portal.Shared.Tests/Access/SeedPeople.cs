using Portal.Shared.Access;

namespace Portal.Shared.Tests.Access;

/// <summary>The people of Portal.Server/Simulation/Seed/identity.json, with their assignments as seeded.</summary>
internal static class SeedPeople
{
    public static readonly Person Alice = Person("alice", "Alice Moreau",
        ("ops", "Administrator"), ("dev", "Administrator"), ("stage", "Administrator"), ("prod", "Administrator"));

    public static readonly Person Dmitri = Person("dmitri", "Dmitri Volkov", ("dev", "Deployer"));

    public static readonly Person Sam = Person("sam", "Sam Okafor",
        ("dev", "Deployer"), ("stage", "Deployer"), ("prod", "ReadOnly"));

    public static readonly Person Maria = Person("maria", "Maria Lindqvist", ("stage", "Publisher"), ("prod", "Publisher"));

    public static readonly Person Oscar = Person("oscar", "Oscar Reyes",
        ("dev", "ReadOnly"), ("stage", "ReadOnly"), ("prod", "ReadOnly"));

    public static readonly string[] AllEnvironments = ["ops", "dev", "stage", "prod"];

    public static readonly IReadOnlyDictionary<string, string> MarketingSite = new Dictionary<string, string>
    {
        ["team"] = "marketing",
        ["portal:publish"] = "marketing",
        ["site"] = "www.acme.example",
    };

    public static readonly IReadOnlyDictionary<string, string> ApiService = new Dictionary<string, string>
    {
        ["team"] = "payments",
    };

    public static Person Person(string userName, string displayName, params (string Environment, string Role)[] assignments) =>
        new(userName, displayName, assignments.Select(a => new RoleAssignment(a.Environment, a.Role)).ToList());
}
