using Portal.Server.Fleet;
using Portal.Shared.Environments;
using Portal.Shared.Fleet;

namespace Portal.Server.Access;

/// <summary>
/// The fleet as one caller may see it: environments where they hold no viewing role do not exist
/// here, so every page, API answer, link and search built on <see cref="IFleetView"/> leaves them out
/// and answers "not found" for their names.
/// </summary>
public sealed class PersonalFleetView : IFleetView, IDisposable
{
    private readonly FleetView _fleet;
    private readonly CurrentCaller _caller;

    public PersonalFleetView(FleetView fleet, CurrentCaller caller)
    {
        _fleet = fleet;
        _caller = caller;
        _fleet.Changed += OnFleetChanged;
    }

    public event Action<string>? Changed;

    public IReadOnlyList<EnvironmentInfo> Environments => _fleet.Environments.Where(e => _caller.CanSee(e.Name)).ToList();

    public EnvironmentView? Find(string environment) => _caller.CanSee(environment) ? _fleet.Find(environment) : null;

    public void Dispose() => _fleet.Changed -= OnFleetChanged;

    private void OnFleetChanged(string environment)
    {
        if (_caller.CanSee(environment))
        {
            Changed?.Invoke(environment);
        }
    }
}
