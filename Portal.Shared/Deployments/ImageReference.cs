using System.Text.RegularExpressions;

namespace Portal.Shared.Deployments;

/// <summary>Whether a string is a container image reference ECS can pull: [registry/]repository[:tag][@sha256:digest].</summary>
public static partial class ImageReference
{
    public static bool IsValid(string? image) =>
        !string.IsNullOrWhiteSpace(image) && image.Length <= 1024 && Pattern().IsMatch(image);

    // Registry host with optional port, lower-case path components, an optional tag and digest.
    [GeneratedRegex(@"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Pattern();
}
