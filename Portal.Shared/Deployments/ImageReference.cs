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

    public static bool IsValid(string? image) =>
        !string.IsNullOrWhiteSpace(image) && image.Length <= 1024 && Pattern().IsMatch(image);

    // Registry host with optional port, lower-case path components, an optional tag and digest.
    [GeneratedRegex(@"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Pattern();
}
