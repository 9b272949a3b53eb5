using System.Net;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>What a fake AWS operation answers: a status and a JSON body, an error being <c>{"__type", "message"}</c> as the JSON protocols write it.</summary>
public sealed record FakeAnswer(HttpStatusCode Status, JsonObject Body)
{
    public bool IsError => (int)Status >= 400;

    public string? ErrorCode => IsError ? Body["__type"]?.GetValue<string>() : null;

    public static FakeAnswer Ok(JsonObject body) => new(HttpStatusCode.OK, body);

    public static FakeAnswer Error(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(status, new JsonObject { ["__type"] = code, ["message"] = message });
}

/// <summary>Who signed a request, as the fake's STS knows it from the access key.</summary>
/// <param name="RoleArn">The assumed role, or for IAM Identity Center credentials the role name.</param>
/// <param name="SessionName">The role session name: CloudTrail's "who".</param>
public sealed record FakeSigner(string AccountId, string RoleArn, string SessionName)
{
    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];

    public string PrincipalArn => $"arn:aws:sts::{AccountId}:assumed-role/{RoleName}/{SessionName}";
}

/// <summary>One JSON-protocol request the fake received.</summary>
/// <param name="Target">X-Amz-Target, e.g. AmazonEC2ContainerServiceV20141113.UpdateService.</param>
/// <param name="Authorization">The SigV4 Authorization header.</param>
public sealed record FakeAwsRequest(string Target, JsonNode Body, string Authorization)
{
    public string Operation => Target[(Target.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>Whose credentials signed it; null for a key no STS issued.</summary>
    public FakeSigner? Signer { get; init; }

    /// <summary>The role session name of the signer ("portal", "token-ci", a person's user name).</summary>
    public string? SessionName => Signer?.SessionName;

    /// <summary>When it arrived, by the fake's clock.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the fake answered or dropped it, by its clock; null while it is still being worked on.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The status the fake answered with (0 when the connection was dropped or not answered yet).</summary>
    public int AnsweredStatus { get; set; }

    /// <summary>The error code answered, when it was an error.</summary>
    public string? AnsweredError { get; set; }

    /// <summary>How the 200 was garbled, when it was (see <see cref="FakeAws.Garble"/>).</summary>
    public FakeGarbling? Garbled { get; set; }
}
