using System.Text;

namespace Portal.Server.Tests.Aws;

public class RawHttpRequestTests
{
    [Fact]
    public void Reads_the_request_line_headers_folds_duplicates_and_body()
    {
        var request = RawHttpRequest.Parse(
            "POST /a path/?x=1 HTTP/1.1\r\nHost:example.com\r\nMy-Header: first\r\n  second\r\n\tthird\r\nMy-Header:again\r\n\r\nline1\r\nline2");

        Assert.Equal("POST", request.Method);
        Assert.Equal("/a path/?x=1", request.Target);
        Assert.Equal("HTTP/1.1", request.Version);
        Assert.Equal("example.com", request.Single("host"));
        Assert.Equal(["first second third", "again"], request.Values("my-header"));
        Assert.Equal("line1\nline2", Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public void A_request_without_a_blank_line_has_an_empty_body()
    {
        var request = RawHttpRequest.Parse("GET / HTTP/1.1\nHost:example.com\nX-Amz-Date:20150830T123600Z\n");

        Assert.Equal(2, request.Headers.Count);
        Assert.Empty(request.Body);
    }

    [Theory]
    [InlineData("GET /")]
    [InlineData("GET / HTTP/1.1\nno colon here")]
    [InlineData("GET / HTTP/1.1\n  continuation first")]
    public void Malformed_requests_are_rejected(string text) =>
        Assert.Throws<FormatException>(() => RawHttpRequest.Parse(text));
}
