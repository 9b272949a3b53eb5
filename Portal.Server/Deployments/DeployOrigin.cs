using Portal.Server.Cloud;
using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>
/// Where one deploy call comes from, handed to <see cref="Deployer"/> with the call and gone after
/// it: the source recorded, whether the typed confirmation is waived (only the publish page's own
/// button), and for auto-deploy the writer's credentials and the actor who caused it. A scoped
/// service never holds it, so one call's origin cannot leak into the next in the same circuit.
/// </summary>
public sealed record DeployOrigin
{
    private DeployOrigin(string source)
    {
        Source = source;
    }

    /// <summary><see cref="DeploymentSources"/>: recorded on the deployment (ui becomes api for a token).</summary>
    public string Source { get; }

    /// <summary>True only for the publish page's one button: it only ever puts the newest build of a tagged site live.</summary>
    public bool ConfirmationWaived { get; private init; }

    /// <summary>The credentials writes run with, when not the caller's own (auto-deploy: the environment's deployer role).</summary>
    public CloudCaller? Writer { get; private init; }

    /// <summary>
    /// True when the call acts for the person asking although written with other credentials (chat):
    /// the person's protected-environment confirmation is still required.
    /// </summary>
    public bool ForPerson { get; private init; }

    /// <summary>Why there is nothing to write with, when the origin needs its own writer and has none.</summary>
    public string? NoWriter { get; private init; }

    /// <summary>The actor recorded, when not the caller (auto-deploy: <c>auto (token:ci)</c>).</summary>
    public string? Actor { get; private init; }

    /// <summary>The deploy dialog and rollback on the service page: the caller's own role, typed confirmation where protected.</summary>
    public static DeployOrigin Page { get; } = new(DeploymentSources.Ui);

    /// <summary>POST /api/deployments: ci for a token, api for a signed-in person.</summary>
    public static DeployOrigin Api(bool byToken) => new(byToken ? DeploymentSources.Ci : DeploymentSources.Api);

    /// <summary>The publish page's button, for this one call.</summary>
    public static DeployOrigin Publish { get; } = new(DeploymentSources.Publish) { ConfirmationWaived = true };

    /// <summary>
    /// The chat command: the mapped person's own roles decide, the environment's deployer role writes
    /// (the person has no Identity Center token in chat), the person is the actor, and a protected
    /// environment needs the person's confirmation as on the pages (docs/adr/020-chat-acts-as-the-person.md).
    /// </summary>
    public static DeployOrigin Chat(CloudCaller? writer, string environment) =>
        new(DeploymentSources.Chat)
        {
            Writer = writer,
            ForPerson = true,
            NoWriter = writer is null ? $"No deployer role is configured for {environment} (Aws:Environments:N:DeployerRoleArn), so chat cannot deploy there. Use the portal's pages." : null,
        };

    /// <summary>An automatic deploy of a build the announcer caused, written with the environment's deployer role.</summary>
    public static DeployOrigin Auto(CloudCaller writer, string announcer) =>
        new(DeploymentSources.Auto) { Writer = writer, Actor = Portal.Shared.Deployments.DeployGuards.AutoActor(announcer) };
}
