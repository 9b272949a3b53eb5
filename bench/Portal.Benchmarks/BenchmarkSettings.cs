using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>Command-line settings: "--runs 7 --warmups 2 --world-runs 3 --environments 3 --clusters 4 --services-per-cluster 250".</summary>
internal sealed record BenchmarkSettings(int Runs, int WarmUps, int WorldRuns, int Environments, int ClustersPerEnvironment, int ServicesPerCluster)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--runs"] = 7,
            ["--warmups"] = 2,
            ["--world-runs"] = 3,
            ["--environments"] = 3,
            ["--clusters"] = 4,
            ["--services-per-cluster"] = 250,
        };
        for (var i = 0; i < args.Length; i++)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                throw new ArgumentException($"Unknown or invalid option '{args[i]}'. Options: {string.Join(", ", values.Keys)} followed by a whole number.");
            }

            values[args[i]] = value;
            i++;
        }

        return new BenchmarkSettings(
            Math.Max(1, values["--runs"]),
            values["--warmups"],
            Math.Max(1, values["--world-runs"]),
            values["--environments"],
            values["--clusters"],
            Math.Max(1, values["--services-per-cluster"]));
    }
}
