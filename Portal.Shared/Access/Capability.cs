namespace Portal.Shared.Access;

/// <summary>What a role lets a person do in one environment. Configuration maps role names to these.</summary>
/// <remarks>
/// The values rise with power, so two roles rank by comparing their capabilities as numbers:
/// Administer outranks Deploy, Deploy outranks Publish (a deployer may also publish), and Publish
/// outranks View. Configuration may combine them: "View, Deploy".
/// </remarks>
[Flags]
public enum Capability
{
    None = 0,
    View = 1,
    Publish = 2,
    Deploy = 4,
    Administer = 8,
}
