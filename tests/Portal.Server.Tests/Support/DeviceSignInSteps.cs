using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Server.Tests.Support;

/// <summary>
/// The device sign-in as a browser goes through it: the sign-in page's IAM Identity Center form,
/// the waiting page with the user code, and the finish address the waiting page asks every few seconds.
/// The client must keep cookies and not follow redirects.
/// </summary>
public static partial class DeviceSignInSteps
{
    public const string WaitingPrefix = "/sign-in/device/";

    /// <summary>Posts the device form; answers the attempt the portal started and the user code its waiting page shows.</summary>
    public static async Task<StartedDeviceSignIn> StartDeviceSignInAsync(this HttpClient client, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(client);
        string waitingPage;
        using (var response = await client.PostAsync(
            new Uri("/sign-in/device", UriKind.Relative),
            await SignedInClients.SignInFormAsync(client, ("returnUrl", returnUrl))))
        {
            waitingPage = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
                && location.StartsWith(WaitingPrefix, StringComparison.Ordinal)
                    ? location
                    : throw new InvalidOperationException($"Starting a device sign-in answered {(int)response.StatusCode} to {response.Headers.Location}.");
        }

        var page = await client.GetStringAsync(new Uri(waitingPage, UriKind.Relative));
        var userCode = UserCode().Match(page) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"The waiting page {waitingPage} shows no user code.");
        return new StartedDeviceSignIn(waitingPage[WaitingPrefix.Length..], userCode);
    }

    /// <summary>
    /// Asks the finish address as the waiting page does, until it sends the browser anywhere but back
    /// to waiting; answers where to (the return address once signed in, or the sign-in page with a problem)
    /// and the cookies that last answer set.
    /// </summary>
    public static async Task<FinishedDeviceSignIn> FinishDeviceSignInAsync(this HttpClient client, string attemptId, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var finish = new Uri($"{WaitingPrefix}{Uri.EscapeDataString(attemptId)}/finish", UriKind.Relative);
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await client.GetAsync(finish);
            var location = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } target
                ? target
                : throw new InvalidOperationException($"The finish address answered {(int)response.StatusCode} to {response.Headers.Location}.");
            if (location != WaitingPrefix + attemptId)
            {
                return new FinishedDeviceSignIn(location, response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : []);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The device sign-in {attemptId} was still waiting after {within ?? TimeSpan.FromSeconds(20)}.");
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex("data-user-code=\"([^\"]+)\"")]
    private static partial Regex UserCode();
}

/// <summary>A device sign-in the portal started: its attempt id (in the waiting page's address) and the code to confirm.</summary>
public sealed record StartedDeviceSignIn(string AttemptId, string UserCode);

/// <summary>Where the finish address sent the browser in the end, and the Set-Cookie headers of that answer.</summary>
public sealed record FinishedDeviceSignIn(string Location, IReadOnlyList<string> SetCookies)
{
    /// <summary>Whether the answer set a cookie of this name to a value (not merely deleted it).</summary>
    public bool Sets(string cookieName) =>
        SetCookies.Any(c => c.StartsWith(cookieName + "=", StringComparison.Ordinal) && !c.StartsWith(cookieName + "=;", StringComparison.Ordinal));
}
