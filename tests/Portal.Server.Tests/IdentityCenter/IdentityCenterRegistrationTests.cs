using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Simulation;
using Portal.Server.Tests.Api;

namespace Portal.Server.Tests.IdentityCenter;

/// <summary>Sign-in is wired in both worlds by the mode switch, on the host's own clock.</summary>
public sealed class IdentityCenterRegistrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_simulated_portal_signs_a_seed_user_in_through_its_identity_center()
    {
        var signIn = portal.Services.GetRequiredService<DeviceSignIn>();
        var identityCenter = portal.Services.GetRequiredService<SimulatedIdentityCenter>();
        var meter = portal.Services.GetRequiredService<CloudCallMeter>();

        var pending = await signIn.StartAsync(CancellationToken.None);
        Assert.Equal(DeviceCodeAnswer.Approved, identityCenter.Approve(pending.UserCode, "maria"));
        var outcome = await signIn.CompleteAsync(pending, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var identity = Assert.IsType<SignInOutcome.SignedIn>(outcome).Identity;
        Assert.Equal(["stage/Publisher", "prod/Publisher"], identity.Assignments.Select(a => a.ToString()));
        Assert.IsType<MeteredIdentityCenter>(portal.Services.GetRequiredService<IIdentityCenter>());
        Assert.Equal(1, meter.Count("sso-oidc", "CreateToken"));
        Assert.Equal(1, meter.Count("sso", "ListAccounts"));
    }

    [Fact]
    public async Task The_real_aws_portal_starts_a_sign_in_at_the_configured_identity_center()
    {
        await using var fake = await FakeIdentityCenter.StartAsync();
        await using var factory = RealMode(fake.Endpoint, startUrl: "https://example-org.awsapps.com/start");

        var pending = await factory.Services.GetRequiredService<DeviceSignIn>().StartAsync(CancellationToken.None);

        Assert.StartsWith("WXYZ-", pending.UserCode, StringComparison.Ordinal);
        Assert.Equal(1, fake.Count("/client/register"));
        Assert.Equal("https://example-org.awsapps.com/start", fake.Requests.Last().Body!["startUrl"]!.GetValue<string>());
        Assert.IsType<MeteredIdentityCenter>(factory.Services.GetRequiredService<IIdentityCenter>());
    }

    [Fact]
    public async Task A_real_aws_portal_without_a_start_url_does_not_start_and_names_the_setting()
    {
        await using var factory = RealMode(new Uri("http://127.0.0.1:9/"), startUrl: null);

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Aws:IdentityCenter:StartUrl is required", error.ToString(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> RealMode(Uri identityCenter, string? startUrl) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Cloud:Mode", "Aws");

            // Nothing else is reachable: the fleet poller fails fast in the background.
            host.UseSetting("AWS_ENDPOINT_URL", "http://127.0.0.1:9/");
            host.UseSetting("AWS_ENDPOINT_URL_SSO_OIDC", identityCenter.ToString());
            host.UseSetting("AWS_ENDPOINT_URL_SSO", identityCenter.ToString());
            host.UseSetting("Aws:Environments:0:Name", "dev");
            host.UseSetting("Aws:Environments:0:AccountId", "111111111111");
            host.UseSetting("Aws:Environments:0:Region", "eu-west-1");
            host.UseSetting("Aws:Environments:0:ReadRoleArn", "arn:aws:iam::111111111111:role/PortalReadOnly");
            if (startUrl is not null)
            {
                host.UseSetting("Aws:IdentityCenter:StartUrl", startUrl);
                host.UseSetting("Aws:IdentityCenter:Region", "eu-west-1");
            }
        });
}
