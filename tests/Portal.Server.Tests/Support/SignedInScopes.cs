using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;

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
        var identity = new SignedInIdentity(
            "token",
            DateTimeOffset.UtcNow.AddHours(8),
            roles.Select(r => new RoleAssignment("000000000000", r.Environment, r.Environment, r.Role)).ToList());
        var scope = portal.Services.CreateScope();
        var context = new DefaultHttpContext { User = SignInClaims.Create(new PersonName(userName, userName), identity, "session") };
        context.Connection.RemoteIpAddress = RemoteAddress;
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(context);
        return scope;
    }
}
