using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

public class AwsRequestSignerTests
{
    private const string AccessKeyId = "ASIAEXAMPLEPORTAL";
    private const string SecretAccessKey = "portal/SECRET/EXAMPLEKEY+0123456789abcdef";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//session+token==";
    private const string Region = "eu-west-1";
    private const string ListClustersTarget = "AmazonEC2ContainerServiceV20141113.ListClusters";
    private static readonly DateTimeOffset SignedAt = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private readonly AwsRequestSigner _signer = new();

    [Fact]
    public void An_ecs_json_post_signs_content_type_and_target_along_with_the_session_token()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        using var request = ListClusters(body);

        _signer.Sign(request, body, Session(), Region, "ecs", SignedAt);

        var authorization = Header(request.Headers, "Authorization");
        var signedHeaders = SignedHeadersOf(authorization);
        Assert.Contains("content-type", signedHeaders);
        Assert.Contains("x-amz-target", signedHeaders);
        Assert.Contains("x-amz-security-token", signedHeaders);
        Assert.Equal(SessionToken, Header(request.Headers, "X-Amz-Security-Token"));
        Assert.Equal("20260115T093000Z", Header(request.Headers, "X-Amz-Date"));

        var bodyHash = ReferenceSigV4.Sha256Hex(body);
        var canonicalRequest = string.Join('\n',
            "POST",
            "/",
            string.Empty,
            "content-type:application/x-amz-json-1.1",
            "host:ecs.eu-west-1.amazonaws.com",
            "x-amz-content-sha256:" + bodyHash,
            "x-amz-date:20260115T093000Z",
            "x-amz-security-token:" + SessionToken,
            "x-amz-target:" + ListClustersTarget,
            string.Empty,
            "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target",
            bodyHash);
        Assert.Equal(
            ReferenceSigV4.Authorization(canonicalRequest, AccessKeyId, SecretAccessKey, SignedAt, Region, "ecs"),
            authorization);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20260115/eu-west-1/ecs/aws4_request, ", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_term_keys_send_no_security_token()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        using var request = ListClusters(body);

        _signer.Sign(request, body, new AwsSigningCredentials("AKIAEXAMPLEPORTAL", SecretAccessKey), Region, "ecs", SignedAt);

        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
        Assert.DoesNotContain("x-amz-security-token", SignedHeadersOf(Header(request.Headers, "Authorization")));
    }

    [Fact]
    public void The_signing_time_is_the_callers_whatever_its_offset()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        using var request = ListClusters(body);

        _signer.Sign(request, body, Session(), Region, "ecs", new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal("20260115T093000Z", Header(request.Headers, "X-Amz-Date"));
    }

    [Fact]
    public void Signing_again_replaces_the_signature_headers_and_hashes_the_new_body()
    {
        var first = Encoding.UTF8.GetBytes("{}");
        using var request = ListClusters(first);
        _signer.Sign(request, first, Session(), Region, "ecs", SignedAt);

        var second = Encoding.UTF8.GetBytes("{\"maxResults\":100}");
        request.Content = JsonContent(second);
        _signer.Sign(request, second, new AwsSigningCredentials("AKIAEXAMPLEPORTAL", SecretAccessKey), Region, "ecs", SignedAt.AddMinutes(5));

        Assert.Equal(ReferenceSigV4.Sha256Hex(second), Header(request.Headers, "X-Amz-Content-SHA256"));
        Assert.Equal("20260115T093500Z", Header(request.Headers, "X-Amz-Date"));
        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
        var authorization = Header(request.Headers, "Authorization");
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEPORTAL/", authorization, StringComparison.Ordinal);
        Assert.Equal(
            ["content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-target"],
            SignedHeadersOf(authorization));
    }

    [Fact]
    public void A_header_with_several_values_is_sent_as_the_one_value_that_was_signed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        request.Headers.TryAddWithoutValidation("My-Header1", "value2");
        request.Headers.TryAddWithoutValidation("My-Header1", " value1 ");

        _signer.Sign(request, [], Session(), Region, "service", SignedAt);

        Assert.Equal("value2,value1", Header(request.Headers, "My-Header1"));
        Assert.Contains("my-header1", SignedHeadersOf(Header(request.Headers, "Authorization")));
    }

    [Fact]
    public void Expired_credentials_are_refused()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        using var request = ListClusters(body);
        var expired = Session() with { Expiration = SignedAt };

        Assert.Throws<InvalidOperationException>(() => _signer.Sign(request, body, expired, Region, "ecs", SignedAt));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public void A_relative_uri_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative));

        Assert.Throws<ArgumentException>(() => _signer.Sign(request, [], Session(), Region, "ecs", SignedAt));
    }

    [Fact]
    public void The_credentials_never_print_their_secret_or_token()
    {
        var printed = Session().ToString();

        Assert.Contains(AccessKeyId, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretAccessKey, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void No_aws_type_appears_in_the_public_surface()
    {
        var surface = new[] { typeof(AwsRequestSigner), typeof(AwsSigningCredentials) }
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(TypesOf)
            .Distinct()
            .ToList();

        Assert.NotEmpty(surface);
        Assert.DoesNotContain(surface, type => type.Assembly.GetName().Name!.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    private static IEnumerable<Type> TypesOf(MemberInfo member) => member switch
    {
        MethodBase method => method.GetParameters().Select(parameter => parameter.ParameterType)
            .Concat(method is MethodInfo info ? [info.ReturnType] : []),
        PropertyInfo property => [property.PropertyType],
        FieldInfo field => [field.FieldType],
        _ => [],
    };

    private static AwsSigningCredentials Session() =>
        new(AccessKeyId, SecretAccessKey, SessionToken, SignedAt.AddHours(1));

    private static HttpRequestMessage ListClusters(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://ecs.eu-west-1.amazonaws.com/")
        {
            Content = JsonContent(body),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", ListClustersTarget);
        return request;
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        return content;
    }

    private static string Header(HttpHeaders headers, string name)
    {
        Assert.True(headers.NonValidated.TryGetValues(name, out var values), $"No {name} header.");
        return Assert.Single(values);
    }

    private static string[] SignedHeadersOf(string authorization)
    {
        const string Marker = "SignedHeaders=";
        var start = authorization.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        var end = authorization.IndexOf(',', start);
        return authorization[start..end].Split(';');
    }
}
