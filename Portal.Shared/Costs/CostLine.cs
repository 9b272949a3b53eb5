namespace Portal.Shared.Costs;

/// <summary>Which question to Cost Explorer a <see cref="CostLine"/> answers.</summary>
public enum CostSeries
{
    /// <summary>Per month, per account and AWS service (12 months and the month to date).</summary>
    MonthlyByService,

    /// <summary>Per day, per account and AWS service (this month and last month).</summary>
    DailyByService,

    /// <summary>Per month, per account and ECS service (by the ECS cost allocation tag; this month and last).</summary>
    MonthlyByEcsService,

    /// <summary>The forecast from today (included, whole) to the end of the month, per account.</summary>
    Forecast,
}

/// <summary>
/// One amount as Cost Explorer reported it: a series, a period (start inclusive, end exclusive,
/// UTC dates as Cost Explorer reports them), an account and a group key (the AWS service name,
/// the ECS service name, or empty for costs no ECS service carries).
/// </summary>
public sealed record CostLine(
    CostSeries Series,
    DateOnly Start,
    DateOnly End,
    string AccountId,
    string Key,
    decimal Amount,
    string Currency,
    bool Estimated);
