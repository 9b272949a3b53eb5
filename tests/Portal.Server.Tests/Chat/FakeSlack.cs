using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Server.Tests.Chat;

/// <summary>Slack's side of response_url: an in-process Kestrel endpoint that keeps every message posted to each hook, in arrival order.</summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<JsonObject>> _received = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public string Prefix { get; private set; } = string.Empty;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/{id}", async (string id, HttpRequest request) =>
        {
            var message = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var list = _received.GetOrAdd(id, _ => []);
            lock (list)
            {
                list.Add(message);
            }

            return Results.Ok();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Prefix = address.TrimEnd('/') + "/hooks/";
    }

    /// <summary>A response_url of its own for one command.</summary>
    public string NewHook() => Prefix + Guid.NewGuid().ToString("N");

    public IReadOnlyList<JsonObject> Received(string hook)
    {
        var list = _received.GetValueOrDefault(hook[Prefix.Length..]);
        if (list is null)
        {
            return [];
        }

        lock (list)
        {
            return list.ToList();
        }
    }

    /// <summary>Waits, a bounded time, until the hook has received what the predicate wants.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitAsync(string hook, Func<IReadOnlyList<JsonObject>, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        var received = Received(hook);
        while (!done(received) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
            received = Received(hook);
        }

        return received;
    }

    public static string TextOf(JsonObject message) => message["text"]?.GetValue<string>() ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
