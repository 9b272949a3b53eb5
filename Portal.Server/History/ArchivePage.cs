using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>
/// The columns by which the timeline finds and orders the rows of one archive (events, ECS's service
/// deployments, alarm changes), and that archive's rank among rows of one instant.
/// </summary>
public sealed record ArchiveColumns<T>(
    int Rank,
    Expression<Func<T, string>> Environment,
    Expression<Func<T, string>> Cluster,
    Expression<Func<T, string>> Service,
    Expression<Func<T, DateTimeOffset>> At,
    Expression<Func<T, long>> Id);

/// <summary>
/// One timeline page of an archive: the query's filters, then a keyset past the cursor on (time, rank,
/// id), newest first. Every archive pages the same way, so the rule for rows sharing an instant lives
/// here once: after a cursor of higher rank every row of that instant remains, after one of lower rank
/// none does, and after one of the same rank those with a lower id do.
/// </summary>
public static class ArchivePage
{
    public static IQueryable<T> Of<T>(
        IQueryable<T> rows, ArchiveColumns<T> columns, TimelineQuery query, IReadOnlyList<string> environments, TimelineCursor? cursor, int size)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(environments);

        // One environment is compared with =, so the database can use the index that starts with it.
        rows = rows.Where(environments.Count == 1
            ? Compare(columns.Environment, environments[0], ExpressionType.Equal)
            : In(columns.Environment, environments));
        if (query.Cluster is { } cluster)
        {
            rows = rows.Where(Compare(columns.Cluster, cluster, ExpressionType.Equal));
        }

        if (query.Service is { } service)
        {
            rows = rows.Where(Compare(columns.Service, service, ExpressionType.Equal));
        }

        if (query.From is { } from)
        {
            rows = rows.Where(Compare(columns.At, from, ExpressionType.GreaterThanOrEqual));
        }

        if (query.To is { } to)
        {
            rows = rows.Where(Compare(columns.At, to, ExpressionType.LessThan));
        }

        if (cursor is not null)
        {
            rows = rows.Where(After(columns, cursor));
        }

        return rows.OrderByDescending(columns.At).ThenByDescending(columns.Id).Take(size + 1);
    }

    private static Expression<Func<T, bool>> After<T>(ArchiveColumns<T> columns, TimelineCursor cursor)
    {
        var at = new DateTimeOffset(cursor.UtcTicks, TimeSpan.Zero);
        if (cursor.Rank > columns.Rank)
        {
            return Compare(columns.At, at, ExpressionType.LessThanOrEqual);
        }

        if (cursor.Rank < columns.Rank || !long.TryParse(cursor.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return Compare(columns.At, at, ExpressionType.LessThan);
        }

        // at < cursor, or at the cursor's instant with a lower id; both sides read the same row.
        var row = columns.At.Parameters[0];
        var idOfRow = ReplacingExpressionVisitor.Replace(columns.Id.Parameters[0], row, columns.Id.Body);
        var before = Expression.LessThan(columns.At.Body, Parameter(at));
        var sameInstant = Expression.AndAlso(Expression.Equal(columns.At.Body, Parameter(at)), Expression.LessThan(idOfRow, Parameter(id)));
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(before, sameInstant), row);
    }

    private static Expression<Func<T, bool>> Compare<T, TValue>(Expression<Func<T, TValue>> column, TValue value, ExpressionType comparison) =>
        Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(comparison, column.Body, Parameter(value)), column.Parameters);

    private static Expression<Func<T, bool>> In<T>(Expression<Func<T, string>> column, IReadOnlyList<string> values) =>
        Expression.Lambda<Func<T, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Parameter(values.ToList()), column.Body),
            column.Parameters);

    /// <summary>A value read from a closure, as a lambda's captured variable is, so the database sees a parameter rather than a literal.</summary>
    private static MemberExpression Parameter<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Captured<TValue>(value)), nameof(Captured<TValue>.Value));

    private sealed record Captured<TValue>(TValue Value);
}
