namespace Portal.Shared.Environments;

/// <summary>The colour an environment is shown in, as in the AWS console's role switcher.</summary>
public enum EnvironmentColour
{
    Green,
    Amber,
    Red,
    Blue,
}

/// <summary>One AWS account that hosts an environment (dev, stage, prod).</summary>
public sealed record EnvironmentInfo(
    string Name,
    string AccountId,
    string Region,
    EnvironmentColour Colour,
    bool IsProtected);
