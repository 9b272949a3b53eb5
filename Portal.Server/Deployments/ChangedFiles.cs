using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>
/// The files a build changed, as CI announces them (<c>changedFiles</c>): kept one per line, and read
/// back as the pages of a markdown site ("docs/getting-started.md" is the page "docs/getting-started").
/// </summary>
public static class ChangedFiles
{
    public const int MaxFiles = 500;
    public const int MaxPath = 1024;

    public static string? Problem(IReadOnlyList<string>? files)
    {
        if (files is null)
        {
            return null;
        }

        if (files.Count > MaxFiles)
        {
            return $"changedFiles lists {files.Count} files; at most {MaxFiles} are kept.";
        }

        if (files.Any(f => string.IsNullOrWhiteSpace(f) || f.Length > MaxPath || f.Contains('\n', StringComparison.Ordinal) || f.Contains('\r', StringComparison.Ordinal)))
        {
            return $"changedFiles must be paths of 1 to {MaxPath} characters on one line each.";
        }

        return Join(files)!.Length > PortalDbContext.ChangedFilesLength ? $"changedFiles must come to at most {PortalDbContext.ChangedFilesLength} characters in all." : null;
    }

    public static string? Join(IReadOnlyList<string>? files) =>
        files is null || files.Count == 0 ? null : string.Join('\n', files.Select(f => f.Trim()).Distinct(StringComparer.Ordinal));

    public static IReadOnlyList<string> Of(AnnouncedBuild build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return build.ChangedFiles?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }

    /// <summary>The markdown files among them, as page names: the path without its .md or .markdown ending.</summary>
    public static IReadOnlyList<string> Pages(IEnumerable<string> files) =>
        files.Where(IsMarkdown).Select(f => f[..f.LastIndexOf('.')]).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsMarkdown(string file) =>
        file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);
}
