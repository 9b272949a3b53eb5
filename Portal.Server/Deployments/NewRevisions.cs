using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// The revision a build deploy runs: the service's current task definition, every member and tag of it, with
/// the build's image in the service's own container (<see cref="ServiceContainers"/>) and nothing else changed.
/// When one of the family's newest ACTIVE revisions already has exactly that content (a redeploy of the same
/// image) it is used instead of registering a duplicate. A RegisterTaskDefinition whose answer never came is
/// not sent again blindly: the family is searched for the revision it may have made first, and it is sent
/// again once only when none is there.
/// </summary>
public sealed partial class NewRevisions(IEcs ecs, ILogger<NewRevisions> logger)
{
    /// <summary>How many of the family's newest ACTIVE revisions are compared: a redeploy or a lost answer is among the last few.</summary>
    public const int RevisionsCompared = 3;

    /// <summary>The ARN of the revision to deploy: one found with the same content, or one registered now.</summary>
    /// <exception cref="NewRevisionRefusedException">No container, or more than one, could be the build's.</exception>
    public async Task<string> ForImageAsync(CloudCaller writer, string currentTaskDefinition, string service, string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var current = (await ecs.DescribeTaskDefinitionAsync(writer, new DescribeTaskDefinitionRequest(currentTaskDefinition, IncludeTags: true), cancellationToken)).TaskDefinition;
        var choice = ServiceContainers.Choose(current, service, image);
        if (choice.Container is not { } container)
        {
            throw new NewRevisionRefusedException(choice.Problem!);
        }

        var wanted = RevisionContent.Of(current).WithImage(container.Name, image);
        if (await FindSameAsync(writer, current, wanted, cancellationToken) is { } existing)
        {
            LogReused(logger, current.Family, existing);
            return existing;
        }

        return await RegisterAsync(writer, current, wanted, cancellationToken);
    }

    private async Task<string> RegisterAsync(CloudCaller writer, EcsTaskDefinition current, RevisionContent wanted, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(writer, wanted, cancellationToken);
        }
        catch (CloudOutcomeUnknownException first)
        {
            var look = await LookForLostAsync(writer, current, wanted, first, cancellationToken);
            if (look.Found is { } found)
            {
                return found;
            }

            if (!look.Looked)
            {
                throw;
            }

            LogSendingAgain(logger, current.Family);
        }

        try
        {
            return await SendAsync(writer, wanted, cancellationToken);
        }
        catch (CloudOutcomeUnknownException second)
        {
            // The second answer was lost too: what it made may be there; it is never sent a third time.
            if ((await LookForLostAsync(writer, current, wanted, second, cancellationToken)).Found is { } found)
            {
                return found;
            }

            throw;
        }
    }

    private async Task<string> SendAsync(CloudCaller writer, RevisionContent wanted, CancellationToken cancellationToken) =>
        (await ecs.RegisterTaskDefinitionAsync(writer, wanted.ToRequest(), cancellationToken)).TaskDefinition.TaskDefinitionArn;

    /// <summary>After a lost answer: the revision it made, if any. Not Looked when the family could not be read, so nothing may be sent again.</summary>
    private async Task<(bool Looked, string? Found)> LookForLostAsync(
        CloudCaller writer, EcsTaskDefinition current, RevisionContent wanted, CloudOutcomeUnknownException lost, CancellationToken cancellationToken)
    {
        try
        {
            var found = await FindSameAsync(writer, current, wanted, cancellationToken);
            if (found is not null)
            {
                LogFoundAfterLostAnswer(logger, current.Family, found, lost.Message);
            }

            return (true, found);
        }
        catch (CloudException error)
        {
            LogCannotLook(logger, current.Family, error.Operation, error.Message);
            return (false, null);
        }
    }

    /// <summary>The newest ACTIVE revision of the family with exactly the wanted content, if one of the newest few has it.</summary>
    private async Task<string?> FindSameAsync(CloudCaller writer, EcsTaskDefinition current, RevisionContent wanted, CancellationToken cancellationToken)
    {
        var newest = await ecs.ListTaskDefinitionsAsync(
            writer, new ListTaskDefinitionsRequest(current.Family, "ACTIVE", "DESC", MaxResults: RevisionsCompared), cancellationToken);
        // Only this family's: a prefix must not let orders-api-worker's revisions stand in for orders-api's.
        foreach (var arn in newest.TaskDefinitionArns.Where(a => TaskDefinitionArns.Family(a) == current.Family).Take(RevisionsCompared))
        {
            var candidate = arn == current.TaskDefinitionArn
                ? current
                : (await ecs.DescribeTaskDefinitionAsync(writer, new DescribeTaskDefinitionRequest(arn, IncludeTags: true), cancellationToken)).TaskDefinition;
            if (candidate.Status == "ACTIVE" && RevisionContent.Of(candidate).SameAs(wanted))
            {
                return candidate.TaskDefinitionArn;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {TaskDefinition} of {Family} already has the content to deploy; it is used instead of registering a duplicate")]
    private static partial void LogReused(ILogger logger, string family, string taskDefinition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RegisterTaskDefinition for {Family} got no answer, but {TaskDefinition} has the content it sent: {Message}")]
    private static partial void LogFoundAfterLostAnswer(ILogger logger, string family, string taskDefinition, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RegisterTaskDefinition for {Family} got no answer and no revision with its content exists; sending it once more")]
    private static partial void LogSendingAgain(ILogger logger, string family);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RegisterTaskDefinition for {Family} got no answer and {Operation} failed while looking for what it made ({Message}); it is not sent again")]
    private static partial void LogCannotLook(ILogger logger, string family, string operation, string message);
}
