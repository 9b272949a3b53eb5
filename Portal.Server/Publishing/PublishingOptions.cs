using Microsoft.Extensions.Options;

namespace Portal.Server.Publishing;

/// <summary>Section "Publishing": where a site's new version can be previewed once it runs in stage.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    public const string StageEnvironment = "stage";

    /// <summary>The preview address of a site, with <c>{site}</c> (the service's <c>site</c> tag) and <c>{service}</c> filled in.</summary>
    public string PreviewLink { get; set; } = "https://stage.{site}";

    public string PreviewOf(string service, string? site) =>
        PreviewLink.Replace("{site}", site ?? service, StringComparison.Ordinal).Replace("{service}", Uri.EscapeDataString(service), StringComparison.Ordinal);
}

internal sealed class PublishingOptionsValidation : IValidateOptions<PublishingOptions>
{
    public ValidateOptionsResult Validate(string? name, PublishingOptions options) =>
        options.PreviewLink.StartsWith("https://", StringComparison.Ordinal) && (options.PreviewLink.Contains("{site}", StringComparison.Ordinal) || options.PreviewLink.Contains("{service}", StringComparison.Ordinal))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Publishing:PreviewLink must be an https address with {site} or {service} in it, such as https://stage.{site}.");
}
