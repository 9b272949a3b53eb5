using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Server.Cloud;

namespace Portal.Server.Hosting;

/// <summary>
/// The one place where an exception becomes a status code. API callers get problem details;
/// pages are left to the error page. A stack trace is logged for every server error and never
/// sent to the caller.
/// </summary>
public sealed partial class PortalExceptionHandler(IProblemDetailsService problems, ILogger<PortalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var answer = Answer(exception, httpContext.RequestAborted.IsCancellationRequested);
        // The middleware has already pointed the request at the error page: the path asked for is kept in its feature.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value);
        if (!ErrorPipeline.IsApi(path) && answer.Status >= StatusCodes.Status500InternalServerError)
        {
            // The error page answers, and the middleware logs the exception as it does for every one left to it.
            return false;
        }

        if (answer.Status >= StatusCodes.Status500InternalServerError)
        {
            // Handled here, the middleware stays quiet: the stack trace must still reach the log.
            LogServerError(logger, exception, httpContext.Request.Method, path.Value ?? string.Empty, answer.Status);
        }

        httpContext.Response.StatusCode = answer.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = answer.Status,
                Title = ReasonPhrases.GetReasonPhrase(answer.Status),
                Detail = answer.Detail,
            },
        });
    }

    /// <summary>The portal's own errors by kind; anything else is the portal's fault and says so without details.</summary>
    public static (int Status, string Detail) Answer(Exception exception, bool callerLeft) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, BadRequestDetail(bad)),
        CloudOutcomeUnknownException cloud => (StatusCodes.Status504GatewayTimeout,
            $"{cloud.Service} did not answer {cloud.Operation}; it may or may not have been carried out."),
        CloudThrottledException cloud => (StatusCodes.Status503ServiceUnavailable, $"{cloud.Service} is throttling the portal's calls; try again shortly."),
        CloudUnavailableException cloud => (StatusCodes.Status503ServiceUnavailable, $"{cloud.Service} could not be reached: {cloud.Message}"),
        CloudUnauthorizedException => (StatusCodes.Status401Unauthorized, "Your sign-in has ended; sign in again."),
        CloudNotFoundException cloud => (StatusCodes.Status404NotFound, cloud.Message),
        CloudAccessDeniedException cloud => (StatusCodes.Status502BadGateway, $"AWS refused the portal's role {cloud.Service} {cloud.Operation}: {cloud.Message}"),
        CloudException cloud => (StatusCodes.Status502BadGateway, $"{cloud.Service} {cloud.Operation} failed: {cloud.Message}"),
        OperationCanceledException when callerLeft => (StatusCodes.Status499ClientClosedRequest, "The request was abandoned."),
        _ => (StatusCodes.Status500InternalServerError, "The portal failed to answer this request. The error is logged with the trace id of this answer."),
    };

    /// <summary>A body that is not JSON of the right shape says where it went wrong.</summary>
    private static string BadRequestDetail(BadHttpRequestException bad) =>
        bad.InnerException is JsonException { Path: { Length: > 0 } path }
            ? $"{bad.Message} The JSON is not acceptable at {path}."
            : bad.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}")]
    private static partial void LogServerError(ILogger logger, Exception exception, string method, string path, int status);
}
