using Microsoft.Extensions.Options;
using Portal.Server.Fleet;
using Portal.Shared.Environments;

namespace Portal.Server.Cloud.Aws;

/// <summary>The environments configured under Aws:Environments, read under each one's read role.</summary>
public sealed class AwsEnvironmentCatalog(IOptions<AwsOptions> options) : IEnvironmentCatalog
{
    public IReadOnlyList<FleetEnvironment> Environments { get; } = options.Value.Environments
        .Select(e => new FleetEnvironment(
            new EnvironmentInfo(e.Name, e.AccountId, e.Region, Enum.Parse<EnvironmentColour>(e.Colour, ignoreCase: true), e.Protected),
            new CloudCaller(e.AccountId, e.Region, AssumeRoleCredentialBroker.RoleName(e.ReadRoleArn), options.Value.SessionName),
            e.DeployerRoleArn is { Length: > 0 } deployer ? AssumeRoleCredentialBroker.RoleName(deployer) : null))
        .ToList();
}
