using System.Collections.Concurrent;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Shared.SignIn;

namespace Portal.Server.SignIn;

/// <summary>
/// Device sign-ins under way. Starting one shows the person a user code; the portal polls Identity
/// Center in the background while the person confirms it, and the browser collects the outcome
/// when it next asks. Attempts are forgotten once collected or a while after their code expires.
/// </summary>
public sealed class DeviceSignInAttempts(DeviceSignIn signIn, TimeProvider time) : IDisposable
{
    /// <summary>How long an attempt is kept after its code expires, so the browser can still learn that it did.</summary>
    public static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DeviceSignInAttempt> _attempts = new(StringComparer.Ordinal);

    /// <summary>Starts a device sign-in; Identity Center's failures surface as <see cref="Cloud.CloudException"/>s.</summary>
    public async Task<DeviceSignInAttempt> StartAsync(string returnUrl, CancellationToken cancellationToken)
    {
        ForgetStale();
        var pending = await signIn.StartAsync(cancellationToken);
        var stop = new CancellationTokenSource();

        // Polling outlives the request that started it: the person may take minutes to confirm the code.
        var outcome = Task.Run(() => signIn.CompleteAsync(pending, stop.Token), CancellationToken.None);
        var attempt = new DeviceSignInAttempt(SignInSessionStore.NewKey(), pending, LocalReturnUrl.Sanitize(returnUrl), outcome, stop);
        _attempts[attempt.Id] = attempt;
        return attempt;
    }

    public DeviceSignInAttempt? Find(string id) => _attempts.TryGetValue(id, out var attempt) ? attempt : null;

    /// <summary>Forgets an attempt and stops its polling.</summary>
    public void Forget(string id)
    {
        if (_attempts.TryRemove(id, out var attempt))
        {
            attempt.Stop();
        }
    }

    public void Dispose()
    {
        foreach (var id in _attempts.Keys)
        {
            Forget(id);
        }
    }

    private void ForgetStale()
    {
        var now = time.GetUtcNow();
        foreach (var attempt in _attempts.Values.Where(a => a.Pending.ExpiresAt + KeepAfterExpiry < now))
        {
            Forget(attempt.Id);
        }
    }
}

/// <summary>One device sign-in: the code shown to the person, where to go afterwards, and the outcome once polling ends.</summary>
public sealed class DeviceSignInAttempt(
    string id, PendingDeviceSignIn pending, string returnUrl, Task<SignInOutcome> outcome, CancellationTokenSource stop)
{
    public string Id { get; } = id;

    public PendingDeviceSignIn Pending { get; } = pending;

    public string ReturnUrl { get; } = returnUrl;

    public Task<SignInOutcome> Outcome { get; } = outcome;

    internal void Stop()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
