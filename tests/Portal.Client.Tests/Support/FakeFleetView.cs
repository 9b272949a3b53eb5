using Portal.Shared.Environments;
using Portal.Shared.Fleet;

namespace Portal.Client.Tests.Support;

/// <summary>
/// Test double for <see cref="IFleetView"/>: holds the environment views a test builds, in the
/// order they were first added (the promotion order the overview compares in), and raises
/// <see cref="Changed"/> only when a test calls <see cref="Replace"/>.
/// </summary>
public sealed class FakeFleetView : IFleetView
{
    private readonly List<EnvironmentInfo> _environments = [];
    private readonly Dictionary<string, EnvironmentView> _views = new(StringComparer.OrdinalIgnoreCase);

    public FakeFleetView(params IEnumerable<EnvironmentView> views)
    {
        foreach (var view in views)
        {
            Put(view);
        }
    }

    public event Action<string>? Changed;

    public IReadOnlyList<EnvironmentInfo> Environments => _environments;

    /// <summary>How many handlers listen to <see cref="Changed"/>; pages must let go when disposed.</summary>
    public int ChangedSubscribers => Changed?.GetInvocationList().Length ?? 0;

    /// <summary>Like the real view: any casing of a known name finds it.</summary>
    public EnvironmentView? Find(string environment) => _views.GetValueOrDefault(environment);

    /// <summary>Adds or replaces an environment's view without telling anyone, as before a page renders.</summary>
    public void Put(EnvironmentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var name = view.Environment.Name;
        if (!_views.ContainsKey(name))
        {
            _environments.Add(view.Environment);
        }

        _views[name] = view;
    }

    /// <summary>Replaces an environment's view and raises <see cref="Changed"/>, as the poller does after a refresh.</summary>
    public void Replace(EnvironmentView view)
    {
        Put(view);
        Changed?.Invoke(view.Environment.Name);
    }

    /// <summary>Raises <see cref="Changed"/> for an environment without changing anything.</summary>
    public void RaiseChanged(string environment) => Changed?.Invoke(environment);
}
