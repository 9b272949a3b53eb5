namespace Portal.Server.Tests.Aws;

/// <summary>Where AWS's published service models live in the repository (tests/reference/aws-models).</summary>
internal static class AwsReference
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root: the nearest folder above the test binaries that holds Portal.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string ModelsDirectory => Path.Combine(RepositoryRoot, "tests", "reference", "aws-models");

    /// <summary>A file of one service's model folder, e.g. <c>ModelFile("ecs", "service-2.json")</c>.</summary>
    public static string ModelFile(string service, string fileName)
    {
        var path = Path.Combine(ModelsDirectory, service, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"There is no {fileName} for the service \"{service}\" under {ModelsDirectory}.", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the folder holding Portal.sln above " + AppContext.BaseDirectory);
    }
}
