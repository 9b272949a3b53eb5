using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Server.Cloud.Aws;

/// <summary>Reading the query protocol's XML answers: the operation's result element, or the error's code and message.</summary>
public static class AwsQueryXml
{
    public static XDocument? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return XDocument.Parse(text);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The <c>{Operation}Result</c> element under <c>{Operation}Response</c>, or null when the answer is not that.</summary>
    public static XElement? Result(XDocument? document, string operation)
    {
        var root = document?.Root;
        if (root is null || root.Name.LocalName != operation + "Response")
        {
            return null;
        }

        // An operation with an empty output may answer without a Result element: an empty one stands for it.
        return root.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result") ?? new XElement(root.Name.Namespace + (operation + "Result"));
    }

    /// <summary>AWS's <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>; an unreadable body gives UnknownError.</summary>
    public static (string Code, string Message) Error(XDocument? document)
    {
        var error = document?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
        var code = Child(error, "Code") ?? "UnknownError";
        var message = Child(error, "Message") ?? "(AWS gave no message)";
        return (code, message);
    }

    /// <summary>The text of a direct child, matched by local name whatever the namespace.</summary>
    public static string? Child(XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The <c>member</c> elements of a list child.</summary>
    public static IEnumerable<XElement> Members(XElement? element, string list) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == list)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static XElement? Element(XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static int? Int(XElement? element, string name) =>
        int.TryParse(Child(element, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string Describe(string text, string operation) =>
        string.IsNullOrWhiteSpace(text) ? "the body was empty"
        : text.Length <= 80 ? $"it is not a {operation}Response document: '{text}'"
        : string.Create(CultureInfo.InvariantCulture, $"it is not a {operation}Response document ({text.Length} characters, starting '{text[..80]}')");
}
