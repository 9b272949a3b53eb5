namespace Portal.Shared.Deployments;

/// <summary>A time when one environment takes no deploys (a release weekend, the holidays). Times are UTC.</summary>
public sealed class FreezeWindow
{
    public string Environment { get; set; } = string.Empty;

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public string Reason { get; set; } = string.Empty;

    /// <summary>The window in force in the environment at that moment (the one ending last, if several overlap), or null.</summary>
    public static FreezeWindow? InForce(IEnumerable<FreezeWindow> windows, string environment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return windows
            .Where(w => string.Equals(w.Environment, environment, StringComparison.OrdinalIgnoreCase) && w.Start <= at && at < w.End)
            .OrderByDescending(w => w.End)
            .FirstOrDefault();
    }
}
