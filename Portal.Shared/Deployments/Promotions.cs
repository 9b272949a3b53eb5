namespace Portal.Shared.Deployments;

/// <summary>
/// Promotion: deploying into an environment what already runs in the one before it (stage, for
/// prod), in the order the environments are configured. Offered only when it would change something.
/// </summary>
public static class Promotions
{
    /// <param name="environments">Every environment the caller can see, in their configured order (dev, stage, prod).</param>
    public static Promotion? Into(string environment, IReadOnlyList<string> environments, string currentImage, IReadOnlyList<BuildChoice> builds)
    {
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(builds);
        var index = environments.ToList().FindIndex(e => string.Equals(e, environment, StringComparison.OrdinalIgnoreCase));
        if (index <= 0)
        {
            return null;
        }

        var before = environments[index - 1];
        var build = builds.FirstOrDefault(b => b.RunningIn?.Any(p => string.Equals(p.Environment, before, StringComparison.OrdinalIgnoreCase)) == true);
        return build is null || build.Image == currentImage ? null : new Promotion(before, build);
    }
}
