using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Hosting;

/// <summary>
/// A link the portal will put in front of people: https, or http to this machine only (a
/// developer's own CI). Anything else, javascript: and data: included, is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class HttpsLinkAttribute : ValidationAttribute
{
    public HttpsLinkAttribute()
        : base("{0} must be an https: address (or http: on this machine).")
    {
    }

    public override bool IsValid(object? value) => value is not string text || IsSafe(text);

    public static bool IsSafe(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
