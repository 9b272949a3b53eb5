using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Server.Tests.Support;

/// <summary>A service scope as one request of a signed-in person sees it, with their roles given by the test.</summary>
public static class SignedInScopes
{
    /// <summary>The address every such request comes from, for checking the audit trail.</summary>
    public static readonly IPAddress RemoteAddress = IPAddress.Parse("203.0.113.7");

    /// <summary>A scope whose <see cref="CurrentCaller"/> is <paramref name="userName"/> holding <paramref name="roles"/>.</summary>
    public static IServiceScope ScopeFor(this WebApplicationFactory<Program> portal, string userName, params (string Environment, string Role)[] roles)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return PersonScopes.For(portal.Services, userName, roles);
    }
}
