namespace Portal.Shared.Deployments;

/// <summary>
/// Which revisions a service can be rolled back to, from its completed deployments: a deploy puts a
/// revision on top of the one it replaced, a rollback takes the revisions it leaves off again. So
/// after 10 → 11 → 12 and a rollback of 12 to 11, the next rollback goes to 10, never back to 12:
/// a rollback only ever returns to "the one before the last".
/// </summary>
public static class RevisionLineage
{
    /// <summary>The ledger's kind of a rollback (Portal.Server's DeploymentKinds), spelled here because Shared cannot see the server.</summary>
    public const string RollbackKind = "rollback";

    /// <summary>
    /// The revisions that ran before <paramref name="leaving"/>, newest first; the first is the
    /// default rollback target. Revisions a rollback left are not among them.
    /// </summary>
    /// <param name="completed">The service's completed deployments, in any order.</param>
    /// <param name="leaving">The revision being left: what runs now, or what a rollout in progress goes to.</param>
    public static IReadOnlyList<RanRevision> Before(IEnumerable<LineageStep> completed, string leaving)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var stack = new List<RanRevision>();
        foreach (var step in completed.Where(s => s.To is not null).OrderBy(s => s.FinishedAt))
        {
            if (step.Kind == RollbackKind && stack.FindLastIndex(r => r.TaskDefinition == step.To) is var index and >= 0)
            {
                // Back to a revision that ran before: everything above it was undone.
                stack[index] = stack[index] with { Until = null };
                stack.RemoveRange(index + 1, stack.Count - index - 1);
                continue;
            }

            if (stack.Count == 0 || stack[^1].TaskDefinition != step.From)
            {
                // What ran before the portal's first recorded deployment (or a change made outside it).
                stack.Add(new RanRevision(step.From, null, null, null, null, null));
            }

            if (step.Kind == RollbackKind)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (stack.Count > 0)
            {
                stack[^1] = stack[^1] with { Until = step.FinishedAt };
            }

            stack.Add(new RanRevision(step.To!, step.Image, step.Commit, step.Actor, step.FinishedAt, null));
        }

        return Enumerable.Reverse(stack)
            .Where(r => r.TaskDefinition != leaving)
            .DistinctBy(r => r.TaskDefinition)
            .ToList();
    }
}

/// <summary>One completed deployment, as the lineage needs it.</summary>
public sealed record LineageStep(string Kind, string From, string? To, string Image, string? Commit, string Actor, DateTimeOffset FinishedAt);

/// <summary>
/// A revision the service ran: its image and commit, who deployed it, from when until when (null
/// where the portal did not record it, such as the revision that ran before its first deployment).
/// </summary>
public sealed record RanRevision(string TaskDefinition, string? Image, string? Commit, string? DeployedBy, DateTimeOffset? Since, DateTimeOffset? Until);
