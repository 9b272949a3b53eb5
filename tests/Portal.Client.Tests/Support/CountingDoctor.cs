using Portal.Shared.Diagnostics;

namespace Portal.Client.Tests.Support;

/// <summary>A doctor whose report is empty; it counts how often the page asked for one.</summary>
public sealed class CountingDoctor : IEnvironmentDoctor
{
    public int Runs { get; private set; }

    public Task<DoctorReport> CheckAsync(CancellationToken cancellationToken)
    {
        Runs++;
        return Task.FromResult(new DoctorReport(TestFleet.Now, []));
    }
}
