using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Portal.Benchmarks;

/// <summary>The address a prerender of the environment page would see; navigation is not followed.</summary>
internal sealed class BenchmarkNavigationManager : NavigationManager
{
    public BenchmarkNavigationManager() => Initialize("http://localhost/", "http://localhost/environments/prod");

    protected override void NavigateToCore(string uri, NavigationOptions options)
    {
        // A static render never navigates.
    }
}

/// <summary>Static rendering never reaches JavaScript; components that inject IJSRuntime get one that answers nothing.</summary>
internal sealed class NoOpJSRuntime : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        ValueTask.FromResult(default(TValue)!);
}

/// <summary>A clock the benchmark moves by hand, so snapshots never go stale and every run sees the same world.</summary>
internal sealed class BenchmarkClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
