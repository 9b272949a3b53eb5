using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Portal.Server.Api;

namespace Portal.Server.Hosting;

/// <summary>
/// How failures are answered. The API answers every 4xx and 5xx as problem details (binding
/// errors, unknown routes, wrong methods and oversized bodies included); pages answer with the
/// not-found page or the error page. <see cref="PortalExceptionHandler"/> decides the status.
/// </summary>
public static class ErrorPipeline
{
    public const string ErrorPath = "/error";

    public static IServiceCollection AddPortalErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<PortalExceptionHandler>();

        // Binding failures are thrown in every environment, so the exception handler answers them
        // (as problem details) rather than an empty 400, or a stack trace in plain text in Development.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UsePortalErrors(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            // Developers keep the exception page for pages; the API answers as it does in Production.
            app.UseWhen(context => IsApi(context.Request), api => api.UseExceptionHandler());
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = ErrorPath, CreateScopeForErrors = true });
        }

        // Pages show the not-found page; the API's own status code pages, inside, answer first with problem details.
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseWhen(context => IsApi(context.Request), api => api.UseStatusCodePages());
        app.Use(LimitBody);
        return app;
    }

    /// <summary>Whatever method the failed request had, the error page answers it.</summary>
    public static IEndpointRouteBuilder MapErrorPage(this IEndpointRouteBuilder routes)
    {
        routes.Map(ErrorPath, ErrorPage.Render).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    public static bool IsApi(HttpRequest request) => IsApi(request.Path);

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Bodies are capped before anything reads them. The live connection is left alone: it carries
    /// its own message limit.
    /// </summary>
    private static Task LimitBody(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (context.Request.ContentLength > InputLimits.RequestBody)
        {
            throw new BadHttpRequestException(
                $"The request body is larger than the {InputLimits.RequestBody / 1024} KB the portal accepts.", (int)HttpStatusCode.RequestEntityTooLarge);
        }

        // Bodies without a length (chunked) are stopped by the server when they pass the cap.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = InputLimits.RequestBody;
        }

        return next(context);
    }
}
