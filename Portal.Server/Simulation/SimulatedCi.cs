using Portal.Server.Deployments;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>
/// The simulated organization's CI: announces the seed's builds to the portal when the host starts,
/// as a real pipeline would with POST /api/builds, so the deploy dialog has builds to offer.
/// </summary>
internal sealed class SimulatedCi(SimulatedWorld world, BuildCatalog builds) : IHostedService
{
    public const string Announcer = "token:simulated-ci";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        List<(string Service, string Image, string Tag, string Message, string Author, DateTimeOffset BuiltAt, List<string> ChangedFiles)> seeded;
        lock (world.Gate)
        {
            seeded = world.Builds.Select(b => (b.Seed.Service, b.Image, b.Seed.Tag, b.Seed.Message, b.Seed.Author, b.BuiltAt, b.Seed.ChangedFiles)).ToList();
        }

        foreach (var build in seeded)
        {
            await builds.AnnounceAsync(build.Service, build.Image, build.Tag, build.Message, build.Author, $"https://ci.example.internal/{build.Service}/runs/{build.Tag}", Announcer, cancellationToken, build.BuiltAt,
                build.ChangedFiles);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
