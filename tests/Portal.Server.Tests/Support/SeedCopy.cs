using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Support;

/// <summary>A copy of the real seed in a temporary folder, to break on purpose.</summary>
internal sealed class SeedCopy : IDisposable
{
    public SeedCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "portal-seed-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(Seeds.RealSeedDirectory, "*.json"))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Directory { get; }

    /// <summary>Reads a seed file as a JSON tree, lets the test change it, and writes it back.</summary>
    public void Edit(string file, Action<JsonNode> change)
    {
        var path = Path.Combine(Directory, file);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        change(root);
        File.WriteAllText(path, root.ToJsonString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
