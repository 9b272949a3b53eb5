using System.Globalization;
using System.Text;

namespace Portal.Server.Simulation;

/// <summary>nextToken paging as AWS list operations do it: an opaque token, a default and a maximum page size.</summary>
internal static class Paging
{
    public static (IReadOnlyList<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, string? nextToken, int? maxResults, int limit, int defaultSize)
    {
        var size = Math.Clamp(maxResults ?? defaultSize, 1, limit);
        var offset = nextToken is null ? 0 : Decode(nextToken);
        var page = items.Skip(offset).Take(size).ToList();
        var next = offset + size < items.Count ? Encode(offset + size) : null;
        return (page, next);
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return int.Parse(text.AsSpan("offset:".Length), CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new Cloud.CloudValidationException("simulation", "List", "InvalidParameterException: The nextToken is not valid.");
        }
    }
}
