using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Portal.Server.Cloud.Aws;

/// <summary>Signs outgoing requests with Signature Version 4 through AWSSDK.Core's public signer.</summary>
public sealed class AwsRequestSigner
{
    /// <summary>Adds Authorization, X-Amz-Date and (for temporary credentials) X-Amz-Security-Token to the request.</summary>
    public void Sign(HttpRequestMessage request, byte[] body, AwsSigningCredentials credentials, string region, string signingName, DateTimeOffset signedAt)
    {
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = body,
        };
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            signing.Headers[header.Key] = string.Join(",", header.Value);
        }

        var result = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = ToAwsCredentials(credentials),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = signingName,
            SignPayload = true,
            SignedAt = signedAt.UtcDateTime,
        });
        foreach (var (name, value) in result.Headers)
        {
            if (request.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static AWSCredentials ToAwsCredentials(AwsSigningCredentials credentials) =>
        credentials.SessionToken is { Length: > 0 } token
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, token)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
}
