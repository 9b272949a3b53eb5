using AngleSharp.Dom;

namespace Portal.Client.Tests.Support;

/// <summary>Reading rendered markup as a person reads it.</summary>
public static class Dom
{
    /// <summary>The node's text with runs of whitespace collapsed to one space and the ends trimmed.</summary>
    public static string Text(INode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Normalize(node.TextContent);
    }

    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
