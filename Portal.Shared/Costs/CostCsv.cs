using System.Globalization;
using System.Text;

namespace Portal.Shared.Costs;

/// <summary>
/// The export: one row per month, account and AWS service, then one per ECS service, amounts as
/// Cost Explorer reported them (full decimal precision, currency named), periods as UTC dates.
/// </summary>
public static class CostCsv
{
    public const string Header = "period_start,period_end,estimated,environment,account_id,dimension,name,amount,currency";

    public static string Write(IEnumerable<CostLine> lines, IReadOnlyDictionary<string, string> environmentByAccount)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(environmentByAccount);

        var csv = new StringBuilder().Append(Header).Append("\r\n");
        var exported = lines
            .Where(l => l.Series is CostSeries.MonthlyByService or CostSeries.MonthlyByEcsService or CostSeries.DailyByService)
            .Where(l => environmentByAccount.ContainsKey(l.AccountId))
            .OrderBy(l => l.Series)
            .ThenBy(l => l.Start)
            .ThenBy(l => l.AccountId, StringComparer.Ordinal)
            .ThenBy(l => l.Key, StringComparer.Ordinal);
        foreach (var line in exported)
        {
            var dimension = line.Series switch
            {
                CostSeries.MonthlyByService => "monthly-aws-service",
                CostSeries.DailyByService => "daily-aws-service",
                _ => "monthly-ecs-service",
            };
            csv.Append(Date(line.Start)).Append(',')
                .Append(Date(line.End)).Append(',')
                .Append(line.Estimated ? "true" : "false").Append(',')
                .Append(Field(environmentByAccount[line.AccountId])).Append(',')
                .Append(Field(line.AccountId)).Append(',')
                .Append(dimension).Append(',')
                .Append(Field(line.Key)).Append(',')
                .Append(line.Amount.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(line.Currency)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Quotes a field holding a comma, quote or line break (RFC 4180), and defuses spreadsheet formulas.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
