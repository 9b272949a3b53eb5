using System.Diagnostics;
using System.Net;

namespace Portal.Server.Hosting;

/// <summary>
/// The page people see when the portal fails. Plain HTML written here, with nothing that could
/// fail in turn: no layout, no fleet, no database. It names the trace id the log carries.
/// </summary>
public static class ErrorPage
{
    public static IResult Render(HttpContext context)
    {
        var traceId = WebUtility.HtmlEncode(Activity.Current?.Id ?? context.TraceIdentifier);
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <title>Something went wrong · Portal</title>
                <link rel="stylesheet" href="/_content/Portal.Client/portal.css" />
            </head>
            <body>
                <main class="content">
                    <section class="not-found" role="alert">
                        <h1>Something went wrong</h1>
                        <p>The portal failed to show this page. The error is logged; quote trace id <code>{traceId}</code> when you report it.</p>
                        <p><a href="/">Back to the fleet</a></p>
                    </section>
                </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
    }
}
