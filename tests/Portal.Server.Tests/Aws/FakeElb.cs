using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Portal.Server.Tests.Aws;

/// <summary>One registered target of a fake target group and its health as ELB reports it.</summary>
public sealed record FakeTarget(string Id, int Port, string State, string? Reason = null, string? Description = null);

/// <summary>
/// Elastic Load Balancing v2 on the fake endpoint, over the query protocol as AWS speaks it: a form-encoded POST
/// signed for "elasticloadbalancing", checked against the ELBv2 model (a request the model does not allow is refused
/// with ValidationError), answered in XML in the API's namespace, errors as &lt;ErrorResponse&gt;.
/// </summary>
public sealed partial class FakeAws
{
    private const string ElbNamespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static readonly Lazy<AwsServiceModel> ElbModel = new(() => AwsServiceModel.Load("elbv2"));

    /// <summary>Target group ARN → its targets; a group not here answers TargetGroupNotFound.</summary>
    public ConcurrentDictionary<string, List<FakeTarget>> TargetGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Every ELBv2 request received: its Action, its form, what the model found wrong with it, and the status answered.</summary>
    public ConcurrentQueue<FakeQueryRequest> ElbRequests { get; } = new();

    private async Task ElbAsync(HttpContext context, DateTimeOffset now)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var form = await reader.ReadToEndAsync();
        var (operation, problems) = AwsQueryRequest.Validate(ElbModel.Value, form);
        var authorization = context.Request.Headers.Authorization.ToString();
        var accessKeyId = ScopeOf(authorization).AccessKeyId;
        var issued = Sessions.Find(accessKeyId);
        var request = new FakeQueryRequest(operation ?? "(none)", form, problems);
        ElbRequests.Enqueue(request);
        var account = issued?.AccountId ?? HolderOf(accessKeyId)?.AccountId ?? AccountOf(accessKeyId);

        if (!context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) ?? true)
        {
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, "InvalidAction", "The query protocol takes a form-encoded body.");
        }
        else if (SignatureProblem(context.Request, now, json: false) is { } skewed)
        {
            await ElbErrorAsync(context, request, skewed.Status, skewed.ErrorCode!, skewed.Body["message"]!.GetValue<string>());
        }
        else if (CredentialProblem(context.Request, issued, now) is { } refused)
        {
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, refused.ErrorCode == "ExpiredTokenException" ? "ExpiredToken" : "InvalidClientTokenId",
                refused.Body["message"]!.GetValue<string>());
        }
        else if (_down.ContainsKey("elasticloadbalancing"))
        {
            await ElbErrorAsync(context, request, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Service Unavailable");
        }
        else if (problems.Count > 0)
        {
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, "ValidationError", string.Join("; ", problems));
        }
        else if (_throttle.TryGetValue(operation!, out var remaining) && remaining > 0)
        {
            _throttle[operation!] = remaining - 1;
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");
        }
        else if (account is null || _denied.ContainsKey(account))
        {
            await ElbErrorAsync(context, request, HttpStatusCode.Forbidden, "AccessDenied",
                $"User: arn:aws:sts::{account}:assumed-role/PortalReadOnly/portal is not authorized to perform: elasticloadbalancing:{operation}");
        }
        else if (operation == "DescribeTargetHealth")
        {
            await DescribeTargetHealthAsync(context, request, AwsQueryRequest.Parse(form).First(p => p.Key == "TargetGroupArn").Value);
        }
        else
        {
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, "InvalidAction", $"The fake does not answer ELBv2 {operation}.");
        }
    }

    private async Task DescribeTargetHealthAsync(HttpContext context, FakeQueryRequest request, string targetGroupArn)
    {
        if (!TargetGroups.TryGetValue(targetGroupArn, out var targets))
        {
            await ElbErrorAsync(context, request, HttpStatusCode.BadRequest, "TargetGroupNotFound", $"Target groups '{targetGroupArn}' not found");
            return;
        }

        var members = string.Concat(targets.Select(t => $"""
                  <member>
                    <Target><Id>{SecurityElement.Escape(t.Id)}</Id><Port>{t.Port.ToString(CultureInfo.InvariantCulture)}</Port><AvailabilityZone>eu-west-1a</AvailabilityZone></Target>
                    <HealthCheckPort>{t.Port.ToString(CultureInfo.InvariantCulture)}</HealthCheckPort>
                    <TargetHealth><State>{t.State}</State>{(t.Reason is null ? "" : $"<Reason>{t.Reason}</Reason>")}{(t.Description is null ? "" : $"<Description>{SecurityElement.Escape(t.Description)}</Description>")}</TargetHealth>
                  </member>
            """));
        request.AnsweredStatus = 200;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <DescribeTargetHealthResponse xmlns="{ElbNamespace}">
              <DescribeTargetHealthResult>
                <TargetHealthDescriptions>{members}</TargetHealthDescriptions>
              </DescribeTargetHealthResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000003</RequestId></ResponseMetadata>
            </DescribeTargetHealthResponse>
            """);
    }

    private static Task ElbErrorAsync(HttpContext context, FakeQueryRequest request, HttpStatusCode status, string code, string message)
    {
        request.AnsweredStatus = (int)status;
        request.AnsweredError = code;
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync($"""
            <ErrorResponse xmlns="{ElbNamespace}">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>
              <RequestId>00000000-0000-0000-0000-000000000004</RequestId>
            </ErrorResponse>
            """);
    }
}

/// <summary>One query-protocol request the fake received.</summary>
public sealed record FakeQueryRequest(string Operation, string Form, IReadOnlyList<string> Problems)
{
    public int AnsweredStatus { get; set; }

    public string? AnsweredError { get; set; }
}
