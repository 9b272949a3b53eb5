using System.Text.RegularExpressions;

namespace Portal.Shared.Deployments;

/// <summary>Whether a string is a container image reference ECS can pull: [registry/]repository[:tag][@sha256:digest].</summary>
public static partial class ImageReference
{
    /// <summary>The tag after the last ':' that follows the last '/', or "latest" when the image names none (a registry port is not a tag).</summary>
    public static string TagOf(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[(colon + 1)..] : "latest";
    }

    /// <summary>
    /// The repository an image comes from, [registry/]path without tag or digest: what two builds of one service
    /// share. "1234.dkr.ecr.eu-west-1.amazonaws.com/orders-api:9c41f2e" → "1234.dkr.ecr.eu-west-1.amazonaws.com/orders-api".
    /// </summary>
    public static string RepositoryOf(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var named = at < 0 ? image : image[..at];
        var slash = named.LastIndexOf('/');
        var colon = named.LastIndexOf(':');
        return colon > slash ? named[..colon] : named;
    }

    /// <summary>Whether two images come from one repository; registry host names do not depend on case.</summary>
    public static bool SameRepository(string image, string other) =>
        string.Equals(RepositoryOf(image), RepositoryOf(other), StringComparison.OrdinalIgnoreCase);

    public static bool IsValid(string? image) =>
        !string.IsNullOrWhiteSpace(image) && image.Length <= 1024 && Pattern().IsMatch(image);

    // Registry host with optional port, lower-case path components, an optional tag and digest.
    [GeneratedRegex(@"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Pattern();
}
