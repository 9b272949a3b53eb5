namespace Portal.Server.Hosting;

/// <summary>
/// Response headers that keep the portal's pages from being framed, sniffed or fed foreign
/// scripts. The policy is as tight as Blazor Server and MudBlazor allow: scripts only from the
/// portal itself, the live connection back to it, inline styles (MudBlazor's theme and popovers
/// set them on elements).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The portal uses none of these browser features; no page, nor anything injected into one, may ask for them.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>A year, subdomains included: outside Development the portal is only ever served over https.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Development runs on http://localhost: pinning https there would lock the developer out.
        var pinHttps = !app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers["Permissions-Policy"] = PermissionsPolicy;
                // Asks the browser to say whether the device is dark, so a first visit paints in the right colours.
                headers["Accept-CH"] = "Sec-CH-Prefers-Color-Scheme";
                if (pinHttps)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}
