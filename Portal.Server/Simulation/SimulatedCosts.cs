using System.Globalization;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation;

/// <summary>
/// The simulated organization's bill: 13 months of daily costs per account, AWS service and ECS
/// service, derived from the seed alone (so the same seed gives the same bill). ECS costs follow
/// each service's task size and count at Fargate prices; the other services scale with the
/// environment's size. The bill grows about 3% a month, dips at weekends (dev and stage scale
/// down), and holds one anomaly: a day a few days before the world began when debug logging was
/// left on in the protected environment and CloudWatch cost ten times its usual.
/// </summary>
internal sealed class SimulatedCosts
{
    public const string EcsService = "Amazon Elastic Container Service";
    public const string CloudWatchService = "AmazonCloudWatch";
    public const string Currency = "USD";

    /// <summary>How many months before the world's month the history begins (Cost Explorer keeps 13 months: these and the current).</summary>
    public const int HistoryMonths = 12;

    /// <summary>Fargate on-demand prices (eu-west-1), per vCPU-hour and per GB-hour.</summary>
    private const double VcpuHour = 0.04048;
    private const double GbHour = 0.004445;
    private const double MonthlyGrowth = 1.03;
    private const double AnomalyFactor = 10;
    private const double Noise = 0.08;

    /// <summary>Daily cost of the other AWS services in the largest environment, and whether traffic moves them.</summary>
    private static readonly (string Name, double LargestDaily, bool FollowsTraffic)[] OtherServices =
    [
        ("Amazon Relational Database Service", 38.40, false),
        ("Amazon Virtual Private Cloud", 7.30, true),
        ("Amazon Elastic Load Balancing", 9.10, true),
        (CloudWatchService, 6.20, true),
        ("EC2 - Other", 4.80, true),
        ("Amazon Simple Storage Service", 3.90, false),
        ("Amazon CloudFront", 3.10, true),
        ("AWS Key Management Service", 0.95, false),
    ];

    private readonly Dictionary<string, AccountBill> _accounts;
    private readonly int _salt;

    public SimulatedCosts(OrganizationSeedSet seed, int randomSeed, DateTimeOffset worldStart)
    {
        _salt = randomSeed;
        var tasks = seed.Organization.Environments.ToDictionary(
            e => e.Name,
            e => seed.Fleet.Services.Sum(s => s.Environments.TryGetValue(e.Name, out var placement) ? placement.Desired : 0));
        var largest = Math.Max(1, tasks.Values.DefaultIfEmpty(1).Max());
        _accounts = seed.Organization.Environments.ToDictionary(
            e => e.AccountId,
            e => new AccountBill(
                e.AccountId,
                e.Protected,
                (double)tasks[e.Name] / largest,
                seed.Fleet.Services
                    .Where(s => s.Environments.ContainsKey(e.Name))
                    .Select(s => (s.Name, Daily: s.Environments[e.Name].Desired * TaskHour(s.Cpu, s.Memory) * 24))
                    .ToList()),
            StringComparer.Ordinal);

        var worldDay = DateOnly.FromDateTime(worldStart.UtcDateTime);
        FirstDay = new DateOnly(worldDay.Year, worldDay.Month, 1).AddMonths(-HistoryMonths);
        var anomalous = seed.Organization.Environments.FirstOrDefault(e => e.Protected) ?? seed.Organization.Environments[^1];
        AnomalyAccountId = anomalous.AccountId;
        AnomalyDay = worldDay.AddDays(-(4 + (int)(StableHash.Of("cost-anomaly", randomSeed) % 5)));
    }

    /// <summary>The first day with costs.</summary>
    public DateOnly FirstDay { get; }

    public string AnomalyAccountId { get; }

    public DateOnly AnomalyDay { get; }

    public IReadOnlyCollection<string> AccountIds => _accounts.Keys;

    /// <summary>
    /// Every cost of one account on one day: the AWS service, the ECS service tag value (empty for
    /// costs no ECS service carries) and the amount. <paramref name="dayFraction"/> is how much of
    /// the day has passed (1 for a finished day).
    /// </summary>
    public IEnumerable<(string AwsService, string EcsServiceName, decimal Amount)> Day(string accountId, DateOnly day, double dayFraction, bool expected = false)
    {
        if (!_accounts.TryGetValue(accountId, out var account) || day < FirstDay || dayFraction <= 0)
        {
            yield break;
        }

        var growth = Math.Pow(MonthlyGrowth, (day.DayNumber - FirstDay.DayNumber) / 30.4375);
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

        // Dev and stage scale their services down at weekends; production only sees less traffic.
        var ecsRhythm = weekend ? (account.Protected ? 0.9 : 0.5) : 1.0;
        var trafficRhythm = weekend ? (account.Protected ? 0.85 : 0.7) : 1.0;
        foreach (var (service, daily) in account.EcsServices)
        {
            yield return (EcsService, service, Amount(daily * growth * ecsRhythm * dayFraction * NoiseOf(accountId, service, day, expected)));
        }

        foreach (var (name, largestDaily, followsTraffic) in OtherServices)
        {
            var anomaly = !expected && accountId == AnomalyAccountId && name == CloudWatchService && day == AnomalyDay ? AnomalyFactor : 1.0;
            var value = largestDaily * account.Scale * growth * (followsTraffic ? trafficRhythm : 1.0) * anomaly * dayFraction * NoiseOf(accountId, name, day, expected);
            yield return (name, string.Empty, Amount(value));
        }
    }

    private double NoiseOf(string accountId, string name, DateOnly day, bool expected) =>
        expected ? 1.0 : 1 + ((StableHash.Unit($"{accountId}|{name}|{day.DayNumber.ToString(CultureInfo.InvariantCulture)}", _salt) - 0.5) * Noise);

    private static decimal Amount(double value) => Math.Round((decimal)value, 8);

    /// <summary>One Fargate task's cost per hour from the task definition's CPU units and memory MiB.</summary>
    private static double TaskHour(string cpu, string memory) =>
        (double.Parse(cpu, CultureInfo.InvariantCulture) / 1024 * VcpuHour) + (double.Parse(memory, CultureInfo.InvariantCulture) / 1024 * GbHour);

    private sealed record AccountBill(string AccountId, bool Protected, double Scale, IReadOnlyList<(string Name, double Daily)> EcsServices);
}
