using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Server.Hosting;

/// <summary>
/// The body of <c>/readyz</c>: the overall status and each check's status and description, so
/// whoever looks at a failing target sees what is not ready (the database, a first snapshot).
/// </summary>
internal static class ReadinessReport
{
    public const string ReadyTag = "ready";

    public static readonly HealthCheckOptions Options = new()
    {
        Predicate = check => check.Tags.Contains(ReadyTag),
        ResponseWriter = WriteAsync,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new Body(
            report.Status.ToString(),
            [.. report.Entries.Select(e => new Check(e.Key, e.Value.Status.ToString(), e.Value.Description))]);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    private sealed record Body(string Status, IReadOnlyList<Check> Checks);

    private sealed record Check(string Name, string Status, string? Description);
}
