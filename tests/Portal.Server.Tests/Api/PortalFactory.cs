using System.Net;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Api;

/// <summary>The whole portal in memory on the embedded simulated organization, once every environment has a snapshot.</summary>
public sealed class PortalFactory : PortalApplication, IAsyncLifetime
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        using var client = CreateClient();
        var deadline = DateTimeOffset.UtcNow + ReadyWithin;
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTimeOffset.UtcNow < deadline);

        throw new TimeoutException($"/readyz still answered {status} after {ReadyWithin.TotalSeconds} s");
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
