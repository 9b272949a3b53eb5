using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Cloud;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.SignIn;

/// <summary>A signed-in person's own role credentials, fetched from the (simulated) Identity Center with their session's token.</summary>
public sealed class PersonRoleCredentialsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Credentials_follow_the_active_role_are_reused_and_end_with_the_session()
    {
        using var client = await portal.SignedInClientAsync("alice");
        var session = await LatestSessionAsync("alice");
        var ticket = await portal.Services.GetRequiredService<SignInSessionStore>().RetrieveAsync(session);

        using var scope = portal.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(new DefaultHttpContext { User = ticket!.Principal });
        var credentials = scope.ServiceProvider.GetRequiredService<PersonRoleCredentials>();

        var administrator = await credentials.ForAsync("prod", CancellationToken.None);
        Assert.Equal(administrator, await credentials.ForAsync("prod", CancellationToken.None));
        Assert.True(administrator.Expiration > DateTimeOffset.UtcNow.AddMinutes(30));

        await scope.ServiceProvider.GetRequiredService<PortalAccess>().SwitchRoleAsync("prod", "ReadOnly");
        var readOnly = await credentials.ForAsync("prod", CancellationToken.None);
        Assert.NotEqual(administrator.AccessKeyId, readOnly.AccessKeyId);

        await portal.Services.GetRequiredService<SignInSessionStore>().RemoveAsync(session);
        await Assert.ThrowsAsync<CloudUnauthorizedException>(() => credentials.ForAsync("prod", CancellationToken.None));
    }

    [Fact]
    public async Task No_credentials_for_an_environment_where_the_person_holds_no_role()
    {
        using var client = await portal.SignedInClientAsync("dmitri");
        var ticket = await portal.Services.GetRequiredService<SignInSessionStore>().RetrieveAsync(await LatestSessionAsync("dmitri"));

        using var scope = portal.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(new DefaultHttpContext { User = ticket!.Principal });

        await Assert.ThrowsAsync<CloudAccessDeniedException>(() =>
            scope.ServiceProvider.GetRequiredService<PersonRoleCredentials>().ForAsync("prod", CancellationToken.None));
    }

    private async Task<string> LatestSessionAsync(string userName)
    {
        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await context.SignInSessions.Where(s => s.UserName == userName).ToListAsync()).OrderByDescending(s => s.CreatedAt).First().Key;
    }
}
