using System.Reflection;

namespace Portal.Server.Tests.Hosting;

/// <summary>Server → Client → Shared, Server → Shared: the client never sees the server or AWS, the domain never sees either.</summary>
public class DependencyDirectionTests
{
    [Fact]
    public void The_client_references_neither_the_server_nor_any_aws_package()
    {
        var references = Names(typeof(Portal.Client.Routes).Assembly);

        Assert.Contains("Portal.Shared", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Portal.Server", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shared_domain_references_no_web_framework_no_aws_and_no_other_portal_project()
    {
        var references = Names(typeof(Portal.Shared.Fleet.IFleetView).Assembly);

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Portal.", StringComparison.Ordinal));
    }

    private static List<string> Names(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(reference => reference.Name ?? string.Empty).ToList();
}
