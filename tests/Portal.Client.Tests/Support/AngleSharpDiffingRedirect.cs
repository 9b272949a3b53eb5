using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Portal.Client.Tests.Support;

/// <summary>
/// bunit 2 is compiled against AngleSharp.Diffing 1.x, which the package registry this repository
/// builds from does not hold; 0.17.0 is referenced instead. The runtime will not bind the lower
/// version on its own (FileNotFoundException from the first Render), so when the name is asked for
/// this hands over the DLL that ships with the tests. VSTest's test host happens to resolve it by
/// name from the output folder first; this keeps the tests working under any other runner.
/// </summary>
internal static class AngleSharpDiffingRedirect
{
    private const string AssemblyName = "AngleSharp.Diffing";

    [ModuleInitializer]
    internal static void Install() => AssemblyLoadContext.Default.Resolving += Resolve;

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, AssemblyName, StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
