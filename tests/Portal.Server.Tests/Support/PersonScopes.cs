using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;

namespace Portal.Server.Tests.Support;

/// <summary>A service scope as one request of a signed-in person sees it: who they are, their roles, their address.</summary>
public static class PersonScopes
{
    public static IServiceScope For(IServiceProvider services, string userName, params (string Environment, string Role)[] roles)
    {
        var identity = new SignedInIdentity(
            "token",
            DateTimeOffset.UtcNow.AddHours(8),
            roles.Select(r => new RoleAssignment("000000000000", r.Environment, r.Environment, r.Role)).ToList());
        var scope = services.CreateScope();
        var context = new DefaultHttpContext { User = SignInClaims.Create(new PersonName(userName, userName), identity, "session-" + userName) };
        context.Connection.RemoteIpAddress = SignedInScopes.RemoteAddress;
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(context);
        return scope;
    }

    public static IServiceScope Alice(IServiceProvider services) =>
        For(services, "alice", ("dev", "Administrator"), ("stage", "Administrator"), ("prod", "Administrator"), ("prod", "ReadOnly"));
}
