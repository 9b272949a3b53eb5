using Portal.Server.Persistence;

namespace Portal.Server.Tests.Persistence;

public class TokenScopesTests
{
    [Fact]
    public void A_scope_allows_what_all_three_lists_name()
    {
        var scopes = new TokenScopes(["dev", "stage"], ["orders-api"], ["deploy"]);

        Assert.True(scopes.Allows("dev", "orders-api", "deploy"));
        Assert.False(scopes.Allows("prod", "orders-api", "deploy"));
        Assert.False(scopes.Allows("dev", "billing-api", "deploy"));
        Assert.False(scopes.Allows("dev", "orders-api", "rollback"));
        Assert.False(scopes.Allows("DEV", "orders-api", "deploy"));
    }

    [Fact]
    public void A_star_allows_anything_and_an_empty_list_nothing()
    {
        Assert.True(new TokenScopes(["dev"], [TokenScopes.Any], ["deploy"]).Allows("dev", "anything", "deploy"));
        Assert.False(new TokenScopes(["dev"], [], ["deploy"]).Allows("dev", "orders-api", "deploy"));
    }

    [Fact]
    public void Scopes_compare_by_content_and_keep_a_copy_of_their_lists()
    {
        var environments = new List<string> { "dev" };
        var scopes = new TokenScopes(environments, ["a"], ["deploy"]);
        environments.Add("prod");

        Assert.Equal(new TokenScopes(["dev"], ["a"], ["deploy"]), scopes);
        Assert.Equal(new TokenScopes(["dev"], ["a"], ["deploy"]).GetHashCode(), scopes.GetHashCode());
        Assert.NotEqual(new TokenScopes(["dev"], ["a"], ["rollback"]), scopes);
    }
}
