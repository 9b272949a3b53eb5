namespace Portal.Server.Publishing;

/// <summary>
/// <c>GET /badges/{env}/{service}.svg</c>: the button a markdown repository's README shows. No session:
/// it says only what it shows (the live version, or that a new one is ready), and the same neutral
/// "not published" for a service not marked for publishing, one that does not exist and an unknown
/// environment, so it tells an anonymous reader nothing else.
/// </summary>
public static class BadgeEndpoints
{
    /// <summary>Short: a README shows the new state within a minute, and a busy README does not read the fleet on every view.</summary>
    public const string CacheControl = "public, max-age=60";

    public static IEndpointRouteBuilder MapBadges(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/badges/{environment}/{service}.svg", BadgeAsync).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> BadgeAsync(string environment, string service, SiteVersions sites, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = CacheControl;
        var site = environment.Length <= 64 && service.Length <= 255 ? await sites.OfAsync(environment, service, cancellationToken) : null;
        if (site is null)
        {
            return Results.Content(BadgeSvg.Render("portal", "not published", BadgeSvg.Grey), "image/svg+xml", statusCode: StatusCodes.Status404NotFound);
        }

        var label = $"{site.View.Service.Name} {site.View.Environment}";
        return site.NewVersionReady
            ? Results.Content(BadgeSvg.Render(label, "new version ready", BadgeSvg.Orange), "image/svg+xml")
            : Results.Content(BadgeSvg.Render(label, $"live {site.LiveVersion}", BadgeSvg.Green), "image/svg+xml");
    }
}
