using System.Security.Claims;
using Portal.Server.Access;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Access;

public class TokenGrantTests
{
    private static readonly TokenGrant Ci = new(
        Guid.Parse("0192f0c4-7a5e-7cc1-9d1e-0a1b2c3d4e5f"),
        "ci",
        new TokenScopes(["dev", "stage"], ["*"], ["announce-build", "deploy"]));

    [Fact]
    public void The_principal_carries_the_grant_and_reads_back_as_it()
    {
        var principal = Ci.ToPrincipal();

        Assert.Equal(Ci, TokenGrant.From(principal));
        Assert.Equal("token:ci", principal.Identity?.Name);
        Assert.Equal(ApiTokenAuthentication.Scheme, principal.Identity?.AuthenticationType);
        Assert.True(principal.Identity?.IsAuthenticated);
        Assert.Equal(Ci.TokenId.ToString(), principal.FindFirstValue(PortalClaims.TokenId));
        Assert.Equal(["dev", "stage"], principal.FindAll(PortalClaims.TokenEnvironment).Select(c => c.Value));
        Assert.Equal(["*"], principal.FindAll(PortalClaims.TokenService).Select(c => c.Value));
        Assert.Equal(["announce-build", "deploy"], principal.FindAll(PortalClaims.TokenAction).Select(c => c.Value));
        Assert.Equal("token:ci", Ci.Actor);
    }

    [Fact]
    public void Empty_scopes_stay_empty_so_they_still_allow_nothing()
    {
        var none = Ci with { Scopes = new TokenScopes([], [], []) };

        var read = TokenGrant.From(none.ToPrincipal());

        Assert.NotNull(read);
        Assert.Empty(read.Scopes.Environments);
        Assert.Empty(read.Scopes.Services);
        Assert.Empty(read.Scopes.Actions);
    }

    [Fact]
    public void Anyone_but_a_token_has_no_grant()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var person = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Cookies"));
        var lookalike = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PortalClaims.TokenId, Ci.TokenId.ToString()), new Claim(PortalClaims.TokenName, "ci")], "Cookies"));
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PortalClaims.TokenId, Ci.TokenId.ToString()), new Claim(PortalClaims.TokenName, "ci")]));

        Assert.Null(TokenGrant.From(anonymous));
        Assert.Null(TokenGrant.From(person));
        Assert.Null(TokenGrant.From(lookalike));
        Assert.Null(TokenGrant.From(unauthenticated));
    }
}
