namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Where each AWS API is reached: the regional endpoint under the region's partition DNS suffix
/// (amazonaws.com, amazonaws.com.cn, ...), unless the standard overrides AWS_ENDPOINT_URL_&lt;SERVICE&gt;
/// or AWS_ENDPOINT_URL name another (any AWS-compatible endpoint).
/// </summary>
public sealed class AwsEndpoints(IConfiguration configuration)
{
    public Uri Resolve(AwsJsonService service, string region)
    {
        ArgumentNullException.ThrowIfNull(service);
        var signingRegion = service.SigningRegion(region);
        return Override(service.EndpointVariable)
            ?? new Uri($"https://{service.EndpointPrefix}.{signingRegion}.{AwsPartition.Of(signingRegion).DnsSuffix}/");
    }

    /// <summary>The STS endpoint override, if any (the SDK client takes it as its service URL).</summary>
    public Uri? SecurityTokenService() => Override("STS");

    /// <summary>The IAM Identity Center OIDC endpoint override (AWS_ENDPOINT_URL_SSO_OIDC), if any.</summary>
    public Uri? IdentityCenterOidc() => Override("SSO_OIDC");

    /// <summary>The IAM Identity Center portal endpoint override (AWS_ENDPOINT_URL_SSO), if any.</summary>
    public Uri? IdentityCenterPortal() => Override("SSO");

    private Uri? Override(string serviceVariable)
    {
        var value = configuration[$"AWS_ENDPOINT_URL_{serviceVariable}"] ?? configuration["AWS_ENDPOINT_URL"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"AWS_ENDPOINT_URL_{serviceVariable} / AWS_ENDPOINT_URL is not an absolute URL: '{value}'.");
    }
}
