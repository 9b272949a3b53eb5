using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Cloud;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Chat;

/// <summary>
/// Acts on one chat command in a scope of its own, as the mapped person: the same fleet view, access
/// decisions, <see cref="Deployer"/> guards and ledger as the pages, with source chat. Nothing here
/// decides who may do what; it only asks the services the pages ask.
/// </summary>
public sealed class ChatCommands(
    IServiceProvider services, ChatPeople people, CurrentCaller caller, SlackResponses responses, ChatProgress progress, AuditLog audit,
    IEnvironmentCatalog environments, BuildCatalog builds, DeploymentLedger ledger, IOptions<ChatOptions> options, TimeProvider time)
{
    public const string AuditAction = "chat-command";
    public const string RemoteAddress = "slack";
    private const int HistoryShown = 5;

    public async Task RunAsync(ChatWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var command = work.Command;
        if (await people.FindAsync(work.SlackUserId, cancellationToken) is not { } person)
        {
            await RecordAsync(ChatPeople.SlackName(work.SlackUserId), command, "not linked to a portal person", cancellationToken);
            Answer(work, SlackMessages.Ephemeral($"The portal does not know who you are in Slack ({work.SlackUserId}). {options.Value.LinkHelp}"));
            return;
        }

        ChatPeople.ActAs(caller, person);
        await RecordAsync(person.UserName, command, work.Confirmed is null ? null : "confirmed", cancellationToken);

        // Resolved after the caller is set: the personal fleet view and access read it.
        var fleet = services.GetRequiredService<IFleetView>();
        var message = command.Verb switch
        {
            ChatCommand.Status => SlackMessages.Ephemeral(await StatusAsync(fleet, command, cancellationToken)),
            ChatCommand.History => SlackMessages.Ephemeral(await HistoryAsync(fleet, command, cancellationToken)),
            ChatCommand.Deploy or ChatCommand.Rollback => await ChangeAsync(fleet, work, person, cancellationToken),
            _ => SlackMessages.Ephemeral(ChatCommand.HelpText),
        };
        if (message is not null)
        {
            Answer(work, message);
        }
    }

    private async Task<string> StatusAsync(IFleetView fleet, ChatCommand command, CancellationToken cancellationToken)
    {
        var found = Find(fleet, command);
        if (found.Count == 0)
        {
            return NotFound(command);
        }

        var lines = new List<string>();
        foreach (var view in found)
        {
            var service = view.Service;
            var last = (await ledger.OfServiceAsync(view.Environment, service.Cluster, service.Name, 1, cancellationToken)).FirstOrDefault();
            lines.Add($"*{service.Name}* in *{view.Environment}*: {view.Health.Level}, {service.RunningCount} of {service.DesiredCount} tasks running, " +
                $"revision {service.TaskDefinition.Revision} ({service.TaskDefinition.Image}); " +
                (last is null ? "no deploy recorded by the portal." : $"last {Describe(last)}."));
        }

        return string.Join('\n', lines);
    }

    private async Task<string> HistoryAsync(IFleetView fleet, ChatCommand command, CancellationToken cancellationToken)
    {
        var found = Find(fleet, command);
        if (found.Count == 0)
        {
            return NotFound(command);
        }

        var lines = new List<string>();
        foreach (var view in found)
        {
            var history = await ledger.OfServiceAsync(view.Environment, view.Service.Cluster, view.Service.Name, HistoryShown, cancellationToken);
            lines.Add($"*{view.Service.Name}* in *{view.Environment}*:" + (history.Count == 0 ? " nothing deployed through the portal yet." : string.Empty));
            lines.AddRange(history.Select(d => "• " + Describe(d)));
        }

        return string.Join('\n', lines);
    }

    /// <summary>A deploy or rollback: confirmation first where protected, then the deployer; progress follows on the response_url.</summary>
    private async Task<System.Text.Json.Nodes.JsonObject?> ChangeAsync(IFleetView fleet, ChatWork work, Person person, CancellationToken cancellationToken)
    {
        var command = work.Command;
        var environmentName = command.Environment!;
        var view = fleet.Find(environmentName)?.Services.FirstOrDefault(s => s.Service.Name == command.Service);
        var environment = environments.Environments.FirstOrDefault(e => string.Equals(e.Name, environmentName, StringComparison.OrdinalIgnoreCase));
        var isDeploy = command.Verb == ChatCommand.Deploy;
        // A build not found goes on to the deployer as no build: it refuses access first, as it does for the pages, then the build.
        var build = isDeploy && view is not null ? await PickBuildAsync(view.Service.Name, command.Build, cancellationToken) : null;

        var access = services.GetRequiredService<PortalAccess>();
        var deployer = services.GetRequiredService<Deployer>();
        var action = isDeploy ? PortalAction.Deploy : PortalAction.Rollback;
        if (view is not null && environment is { Info.IsProtected: true } && work.Confirmed is null && (build is not null || !isDeploy)
            && (await access.DecideAsync(action, view.Environment, view.Service.Tags, cancellationToken)).Allowed)
        {
            return await ConfirmationAsync(work, view, build, deployer, cancellationToken);
        }

        // Everyone else goes straight to the deployer, which refuses (and audits) exactly as it does for the pages.
        var writer = environment?.DeployerRole is { } role
            ? new CloudCaller(environment.Info.AccountId, environment.Info.Region, role, $"portal-chat-{person.UserName}")
            : null;
        var origin = DeployOrigin.Chat(writer, environmentName);
        var key = $"chat-{work.RequestKey}";
        var reason = $"From chat: /portal {command.Text}" + (work.Confirmed is null ? string.Empty : " (confirmed)");
        var confirmation = work.Confirmed is null ? null : command.Service;
        var cluster = view?.Service.Cluster ?? string.Empty;
        var result = isDeploy
            ? await deployer.DeployAsync(new DeployCommand(environmentName, cluster, command.Service!, DeployTarget.Build(build?.Id ?? Guid.Empty), key, reason, confirmation), origin, cancellationToken)
            : await deployer.RollbackAsync(new RollbackCommand(environmentName, cluster, command.Service!, key, reason, confirmation), origin, cancellationToken);
        if (result.Deployment is not { } started)
        {
            // Past access, an unknown build is said in the chat's words: the deployer only knows it was asked for no build.
            var why = isDeploy && build is null && view is not null && result.Problem!.Kind == DeployProblemKind.Invalid
                ? command.Build is null
                    ? $"No build of {view.Service.Name} has been announced yet, so there is nothing to deploy."
                    : $"No announced build of {view.Service.Name} matches `{command.Build}`. Name its commit, tag or id."
                : result.Problem!.Message;
            var refused = $"`/portal {command.Text}` was refused: {why}";
            return work.Confirmed is null ? SlackMessages.Ephemeral(refused) : SlackMessages.Replacing(refused);
        }

        progress.Follow(started.Id, work.ResponseUrl, build is null ? null : $"build {build.CommitSha} “{build.Message}”");
        return work.Confirmed is null ? null : SlackMessages.Replacing($"Confirmed by <@{work.SlackUserId}>: `/portal {command.Text}`.");
    }

    private async Task<System.Text.Json.Nodes.JsonObject> ConfirmationAsync(ChatWork work, ServiceView view, AnnouncedBuild? build, Deployer deployer, CancellationToken cancellationToken)
    {
        var command = work.Command;
        var current = view.Service.TaskDefinition;
        string change;
        if (build is not null)
        {
            change = $"from revision {current.Revision} ({ImageReference.TagOf(current.Image)}) to build {build.CommitSha} “{build.Message}” by {build.Author}";
        }
        else
        {
            var target = await deployer.RollbackTargetAsync(view, cancellationToken);
            change = target is null
                ? $"from revision {current.Revision} back to the revision before (none is recorded, so the portal will refuse)"
                : $"from revision {current.Revision} back to revision {target.Revision}" + (target.DeployedBy is null ? string.Empty : $", deployed by {target.DeployedBy}");
        }

        var lifetime = options.Value.ConfirmationLifetime;
        var confirmation = new ChatConfirmation(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), work.SlackUserId, command.Text, (time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var verb = build is null ? "Roll back" : "Deploy";
        return SlackMessages.Confirmation(
            $"*{verb} {view.Service.Name} in {view.Environment}?* {view.Environment} is protected. This changes {view.Service.Name} {change}. " +
            $"Only <@{work.SlackUserId}> can confirm, within {(int)lifetime.TotalMinutes} minutes.",
            confirmation.ToValue());
    }

    private async Task<AnnouncedBuild?> PickBuildAsync(string service, string? named, CancellationToken cancellationToken)
    {
        var announced = await builds.OfServiceAsync(service, 50, cancellationToken);
        if (named is null)
        {
            return announced.FirstOrDefault();
        }

        return announced.FirstOrDefault(b =>
            b.CommitSha.StartsWith(named, StringComparison.OrdinalIgnoreCase)
            || string.Equals(ImageReference.TagOf(b.Image), named, StringComparison.OrdinalIgnoreCase)
            || string.Equals(b.Id.ToString(), named, StringComparison.OrdinalIgnoreCase));
    }

    private static List<ServiceView> Find(IFleetView fleet, ChatCommand command) =>
        fleet.Environments
            .Where(e => command.Environment is null || string.Equals(e.Name, command.Environment, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => fleet.Find(e.Name)?.Services.Where(s => s.Service.Name == command.Service) ?? [])
            .ToList();

    private static string NotFound(ChatCommand command) =>
        $"There is no service {command.Service}{(command.Environment is null ? string.Empty : " in " + command.Environment)} that you can see.";

    private string Describe(Deployment deployment)
    {
        var to = deployment.ToTaskDefinition is { } arn ? $"revision {TaskDefinitionArns.Revision(arn)}" : ImageReference.TagOf(deployment.Image);
        var ago = Portal.Shared.Time.Durations.Ago(deployment.RequestedAt, time.GetUtcNow());
        return $"{deployment.Kind} to {to} by {deployment.Actor} via {deployment.Source}, {deployment.Status} ({ago})";
    }

    private void Answer(ChatWork work, System.Text.Json.Nodes.JsonObject message) => responses.Post(work.ResponseUrl, message);

    private Task RecordAsync(string actor, ChatCommand command, string? note, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEntry
        {
            Actor = actor,
            Action = AuditAction,
            Environment = command.Environment,
            Target = command.Service,
            Detail = $"/portal {command.Text}" + (note is null ? string.Empty : $" ({note})"),
            RemoteAddress = RemoteAddress,
        }, cancellationToken);
}
