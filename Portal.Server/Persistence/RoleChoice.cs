namespace Portal.Server.Persistence;

/// <summary>The role a person last switched to in one environment, so the switcher remembers it.</summary>
public sealed class RoleChoice
{
    public required string UserName { get; set; }

    public required string Environment { get; set; }

    public required string RoleName { get; set; }

    public DateTimeOffset ChosenAt { get; set; }
}
