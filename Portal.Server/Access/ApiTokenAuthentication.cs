using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Server.Access;

/// <summary>Machine callers (CI, chat) authenticate with <c>Authorization: Bearer ptk_...</c>.</summary>
public static class ApiTokenAuthentication
{
    /// <summary>The scheme's name, and the authentication type of the identities it issues.</summary>
    public const string Scheme = "ApiToken";

    /// <summary>
    /// Adds the API token scheme, and the background writer of tokens' last uses. It needs the
    /// portal's database (<c>AddPortalDatabase</c>) for the token store, and a <see cref="TimeProvider"/>.
    /// </summary>
    public static AuthenticationBuilder AddApiTokens(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TokenUses>();
        builder.Services.TryAddSingleton<TokenUseWriter>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<TokenUseWriter>());
        return builder.AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, "API token", configureOptions: null);
    }

    /// <summary>
    /// Whether the request carries an <c>Authorization: Bearer</c> header (well formed or not), for a
    /// default scheme that forwards such requests here (<c>ForwardDefaultSelector</c>), so a bad
    /// token is answered as a bad token rather than with a redirect to a sign-in page.
    /// </summary>
    public static bool HasBearerHeader(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !BearerHeader.Read(request.Headers.Authorization).IsAbsent;
    }
}
