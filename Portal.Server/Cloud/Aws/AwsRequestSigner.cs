using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Signs an outgoing <see cref="HttpRequestMessage"/> with AWS Signature Version 4, using the SDK's
/// public signer. AWS types stay inside this class.
/// </summary>
/// <remarks>
/// <para>Every header on the message and on its content at signing time is signed (content headers
/// such as Content-Type included). A header with several values is folded on the message into one
/// comma-joined value, so what is sent is exactly what was signed.</para>
/// <para>The signer owns Authorization, X-Amz-Date, X-Amz-Content-SHA256 and X-Amz-Security-Token:
/// any already on the message (from an earlier signing, say) are dropped, then the signer's are
/// added. The SDK always signs and sends X-Amz-Content-SHA256, the SHA-256 of the body.</para>
/// <para>The time comes from the caller (the portal's <see cref="TimeProvider"/>), never the clock.</para>
/// </remarks>
public sealed class AwsRequestSigner
{
    private static readonly string[] SignerOwnedHeaders =
        ["Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"];

    /// <summary>Signs <paramref name="request"/>, whose content must hold exactly <paramref name="body"/>.</summary>
    /// <param name="request">A request with an absolute URI.</param>
    /// <param name="body">The body bytes (empty for no body).</param>
    /// <param name="credentials">The keys to sign with; a session token, if any, is signed and sent.</param>
    /// <param name="region">The signing region, e.g. "eu-west-1".</param>
    /// <param name="signingName">The service's signing name, e.g. "ecs", "monitoring", "ce".</param>
    /// <param name="signedAt">The signing time.</param>
    /// <exception cref="InvalidOperationException">The credentials had expired at <paramref name="signedAt"/>.</exception>
    public void Sign(
        HttpRequestMessage request,
        byte[] body,
        AwsSigningCredentials credentials,
        string region,
        string signingName,
        DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(signingName);
        ArgumentException.ThrowIfNullOrEmpty(credentials.AccessKeyId, nameof(credentials));
        ArgumentException.ThrowIfNullOrEmpty(credentials.SecretAccessKey, nameof(credentials));
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            throw new ArgumentException("The request needs an absolute URI to be signed.", nameof(request));
        }

        if (credentials.Expiration is { } expiration && signedAt >= expiration)
        {
            throw new InvalidOperationException(
                $"The credentials for {credentials.AccessKeyId} expired at {expiration:O}; they cannot sign a request at {signedAt:O}.");
        }

        foreach (var name in SignerOwnedHeaders)
        {
            request.Headers.Remove(name);
        }

        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = uri,
            Content = body,
        };
        CopyHeaders(request.Headers, signingRequest.Headers);
        if (request.Content is not null)
        {
            CopyHeaders(request.Content.Headers, signingRequest.Headers);
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = ToSdkCredentials(credentials),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = signingName,
            SignPayload = true,
            SignedAt = signedAt.UtcDateTime,
        };

        var result = AWSSigV4Signer.Sign(signingRequest, parameters);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.Remove(name);
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"The signer produced a header the request cannot carry: {name}.");
            }
        }
    }

    private static void CopyHeaders(HttpHeaders headers, IDictionary<string, string> into)
    {
        List<(string Name, string Value)>? folded = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            string value;
            if (values.Count == 1)
            {
                value = values.ToString();
            }
            else
            {
                value = string.Join(',', values.Select(single => single.Trim()));
                (folded ??= []).Add((name, value));
            }

            into[name] = value;
        }

        foreach (var (name, value) in folded ?? [])
        {
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        }
    }

    private static AWSCredentials ToSdkCredentials(AwsSigningCredentials credentials) =>
        credentials.IsTemporary
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
}
