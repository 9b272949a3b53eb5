using Portal.Shared.Environments;

namespace Portal.Shared.Costs;

/// <summary>
/// Costs as one person may see them: only the accounts of environments they can see. Built from the
/// cached Cost Explorer answers; never asks Cost Explorer itself.
/// </summary>
public sealed record CostReport(
    string Currency,
    DateOnly Today,
    CostFreshness Freshness,
    IReadOnlyList<AccountCost> Accounts,
    IReadOnlyList<MonthCost> Months,
    IReadOnlyList<EcsServiceCost> EcsServices)
{
    public Money MonthToDate => Sum(Accounts.Select(a => a.MonthToDate));

    public Money? MonthEndForecast => Accounts.Count > 0 && Accounts.All(a => a.MonthEndForecast is not null)
        ? Sum(Accounts.Select(a => a.MonthEndForecast!.Value))
        : null;

    public bool HasData => Accounts.Count > 0 && Months.Count > 0;

    public AccountCost? Account(string environment) => Accounts.FirstOrDefault(a => a.Environment.Name == environment);

    private Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero(Currency), (total, amount) => total + amount);
}

/// <summary>When the cached answers were fetched, how many Cost Explorer requests that took, and the last failure.</summary>
public sealed record CostFreshness(
    DateTimeOffset? RefreshedAt,
    int? Requests,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    DateTimeOffset? NextRefreshAt)
{
    public static CostFreshness Never { get; } = new(null, null, null, null, null);
}

/// <summary>One environment's account: this month so far, last month, the forecast and where the money goes.</summary>
public sealed record AccountCost(
    EnvironmentInfo Environment,
    Money MonthToDate,
    Money LastMonth,
    Money LastMonthSameDays,
    Money? MonthEndForecast,
    IReadOnlyList<NamedCost> TopServices,
    IReadOnlyList<DailyCost> Daily)
{
    /// <summary>Month to date against the same days of last month, in percent; null when last month had nothing.</summary>
    public decimal? ChangePercent => LastMonthSameDays.Amount == 0m
        ? null
        : Math.Round((MonthToDate.Amount - LastMonthSameDays.Amount) / LastMonthSameDays.Amount * 100m, 1);

    public IEnumerable<DailyCost> Anomalies => Daily.Where(d => d.IsAnomaly);
}

public sealed record NamedCost(string Name, Money Amount);

/// <summary>One UTC day of one account; <see cref="IsAnomaly"/> marks a day well above the days before it.</summary>
public sealed record DailyCost(DateOnly Day, Money Amount, bool Estimated, bool IsAnomaly);

/// <summary>One calendar month (UTC) across the visible accounts; the current month is estimated.</summary>
public sealed record MonthCost(DateOnly Start, bool Estimated, IReadOnlyList<AccountAmount> ByAccount)
{
    public Money Total => ByAccount.Aggregate(default(Money), (total, a) => total + a.Amount);
}

public sealed record AccountAmount(string Environment, Money Amount);

/// <summary>One ECS service's cost in one environment, from the ECS cost allocation tag.</summary>
public sealed record EcsServiceCost(string Environment, string Service, Money MonthToDate, Money LastMonth);
