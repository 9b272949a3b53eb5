using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// STS AssumeRole on a loopback port, for the credential broker: it records what each AssumeRole
/// asked (role, session name, external id), issues keys that name the session, and can hold a
/// role's answers until the test lets them go (a slow STS).
/// </summary>
internal sealed class ScriptedSts : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);
    private int _issued;

    private ScriptedSts(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = default!;

    public ConcurrentQueue<AssumeRoleAsked> Asked { get; } = new();

    public static async Task<ScriptedSts> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sts = new ScriptedSts(app);
        app.MapPost("/", sts.AssumeRoleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        sts.Endpoint = new Uri(address + "/");
        return sts;
    }

    /// <summary>AssumeRole of the role answers only once <see cref="Release"/> is called for it.</summary>
    public void Hold(string roleArn) => _held[roleArn] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string roleArn)
    {
        if (_held.TryRemove(roleArn, out var gate))
        {
            gate.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _held.Values)
        {
            gate.TrySetResult();
        }

        await _app.DisposeAsync();
    }

    private async Task AssumeRoleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var roleArn = form["RoleArn"].ToString();
        var session = form["RoleSessionName"].ToString();
        var externalId = form.TryGetValue("ExternalId", out var id) ? id.ToString() : null;
        Asked.Enqueue(new AssumeRoleAsked(roleArn, session, externalId));
        if (_held.TryGetValue(roleArn, out var gate))
        {
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        var number = Interlocked.Increment(ref _issued);
        // Far off, so the credentials also sign requests at the harness's fixed time.
        var expiration = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIA{number}-{session}</AccessKeyId>
                  <SecretAccessKey>secret-{number}</SecretAccessKey>
                  <SessionToken>session-{number}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROASCRIPTED:{session}</AssumedRoleId>
                  <Arn>{roleArn}/{session}</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }

    internal sealed record AssumeRoleAsked(string RoleArn, string SessionName, string? ExternalId);
}
