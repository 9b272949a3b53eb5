namespace Portal.Server.Tests.Aws;

/// <summary>
/// One vector of AWS's SigV4 test suite kept in tests/reference/aws-sigv4-testsuite: a folder
/// holding NAME.req, NAME.creq, NAME.sts, NAME.authz and NAME.sreq.
/// </summary>
internal sealed class SigV4Vector
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly Lazy<string> SuiteRoot = new(FindSuiteRoot);

    private SigV4Vector(string name)
    {
        Name = name;
        var folder = Path.Combine(SuiteRoot.Value, name.Replace('/', Path.DirectorySeparatorChar));
        var file = Path.Combine(folder, Path.GetFileName(folder));
        Request = RawHttpRequest.Parse(File.ReadAllText(file + ".req"));
        SignedRequest = RawHttpRequest.Parse(File.ReadAllText(file + ".sreq"));
        CanonicalRequest = File.ReadAllText(file + ".creq");
        StringToSign = File.ReadAllText(file + ".sts");
        Authorization = File.ReadAllText(file + ".authz");
    }

    /// <summary>The folder relative to the suite, with '/' (e.g. "normalize-path/get-space").</summary>
    public string Name { get; }

    public RawHttpRequest Request { get; }

    public RawHttpRequest SignedRequest { get; }

    public string CanonicalRequest { get; }

    public string StringToSign { get; }

    public string Authorization { get; }

    public static SigV4Vector Load(string name) => new(name);

    /// <summary>Every folder of the suite, nested ones included, that holds a vector.</summary>
    public static IReadOnlyList<string> AllNames() =>
        Directory.EnumerateFiles(SuiteRoot.Value, "*.req", SearchOption.AllDirectories)
            .Where(file => Path.GetFileNameWithoutExtension(file) == Path.GetFileName(Path.GetDirectoryName(file)))
            .Select(file => Path.GetRelativePath(SuiteRoot.Value, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public override string ToString() => Name;

    private static string FindSuiteRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "reference", "aws-sigv4-testsuite");
            }
        }

        throw new InvalidOperationException("Cannot find the folder holding Portal.sln above " + AppContext.BaseDirectory);
    }
}
