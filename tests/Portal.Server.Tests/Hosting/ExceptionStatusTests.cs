using Microsoft.AspNetCore.Http;
using Portal.Server.Cloud;
using Portal.Server.Hosting;

namespace Portal.Server.Tests.Hosting;

/// <summary>The one mapping from the portal's own failures to the status codes callers see.</summary>
public class ExceptionStatusTests
{
    public static TheoryData<Exception, int> Failures => new()
    {
        { new BadHttpRequestException("bad body", StatusCodes.Status413PayloadTooLarge), 413 },
        { new CloudThrottledException("ECS", "DescribeServices", "Rate exceeded"), 503 },
        { new CloudUnavailableException("ECS", "DescribeServices", "connection refused"), 503 },
        { new CloudOutcomeUnknownException("ECS", "UpdateService", "timed out"), 504 },
        { new CloudAccessDeniedException("ECS", "UpdateService", "not authorized"), 502 },
        { new CloudValidationException("ECS", "UpdateService", "bad parameter"), 502 },
        { new CloudNotFoundException("ECS", "DescribeServices", "no such service"), 404 },
        { new CloudUnauthorizedException("SSO", "GetRoleCredentials", "token expired"), 401 },
        { new InvalidOperationException("secret internals"), 500 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_has_its_status(Exception failure, int status)
    {
        var (answered, detail) = PortalExceptionHandler.Answer(failure, callerLeft: false);

        Assert.Equal(status, answered);
        Assert.False(string.IsNullOrWhiteSpace(detail));
    }

    [Fact]
    public void An_unexpected_failure_tells_the_caller_nothing_of_it()
    {
        var (_, detail) = PortalExceptionHandler.Answer(new InvalidOperationException("secret internals"), callerLeft: false);

        Assert.DoesNotContain("secret", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_caller_who_left_is_not_a_server_error()
    {
        var (status, _) = PortalExceptionHandler.Answer(new OperationCanceledException(), callerLeft: true);

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, status);
    }
}
