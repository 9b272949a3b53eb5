using System.Text;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// A raw HTTP/1.1 request as the SigV4 test suite writes it (.req, .sreq): a request line, header
/// lines (a line starting with white space continues the previous header; a name may repeat), a
/// blank line, then the body. LF or CRLF line ends; the blank line and body may be missing.
/// </summary>
internal sealed record RawHttpRequest(
    string Method,
    string Target,
    string Version,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    public static RawHttpRequest Parse(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank >= 0 ? text[..blank] : text.TrimEnd('\n');
        var body = blank >= 0 ? text[(blank + 2)..] : string.Empty;

        var lines = head.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = requestLine.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !requestLine[(lastSpace + 1)..].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new FormatException($"Not a request line: '{requestLine}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                // Obsolete line folding (RFC 7230 3.2.4): the fold becomes one space.
                if (headers.Count == 0)
                {
                    throw new FormatException($"A continuation line with no header before it: '{line}'.");
                }

                var previous = headers[^1];
                headers[^1] = new(previous.Key, previous.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Not a header line: '{line}'.");
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return new RawHttpRequest(
            requestLine[..firstSpace],
            requestLine[(firstSpace + 1)..lastSpace],
            requestLine[(lastSpace + 1)..],
            headers,
            Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Every value of the header, in the order the lines came.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(header => header.Value)
            .ToList();

    public string? Single(string name) => Values(name) switch
    {
        [] => null,
        [var only] => only,
        _ => throw new InvalidOperationException($"The request has more than one {name} header."),
    };
}
