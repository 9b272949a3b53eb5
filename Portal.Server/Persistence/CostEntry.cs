using Portal.Shared.Costs;

namespace Portal.Server.Persistence;

/// <summary>
/// One cached Cost Explorer amount (see <see cref="CostLine"/>). The whole set is replaced by each
/// successful refresh, so pages read the database and never Cost Explorer.
/// </summary>
public sealed class CostEntry
{
    public long Id { get; set; }

    public CostSeries Series { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public required string AccountId { get; set; }

    /// <summary>The AWS service or ECS service name; empty for costs no ECS service carries.</summary>
    public required string Key { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public bool Estimated { get; set; }

    public CostLine ToLine() => new(Series, PeriodStart, PeriodEnd, AccountId, Key, Amount, Currency, Estimated);

    public static CostEntry From(CostLine line) => new()
    {
        Series = line.Series,
        PeriodStart = line.Start,
        PeriodEnd = line.End,
        AccountId = line.AccountId,
        Key = line.Key,
        Amount = line.Amount,
        Currency = line.Currency,
        Estimated = line.Estimated,
    };
}

/// <summary>One attempt to refresh the cost cache: when, why, how many Cost Explorer requests it made, and how it ended.</summary>
public sealed class CostRefreshRecord
{
    public long Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>"schedule", or the administrator who asked.</summary>
    public required string Trigger { get; set; }

    public int Requests { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }
}
