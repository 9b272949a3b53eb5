using System.Globalization;
using System.Text;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>Where people sign in: the organization's Identity Center start URL, and the name the portal registers under.</summary>
public sealed record DeviceSignInSettings(string? StartUrl, string ClientName = DeviceSignInSettings.DefaultClientName)
{
    public const string DefaultClientName = "portal";
}

/// <summary>
/// A sign-in waiting for the person: show <see cref="UserCode"/> and <see cref="VerificationUri"/>
/// (or <see cref="VerificationUriComplete"/>), then hand this to <see cref="DeviceSignIn.CompleteAsync"/>.
/// </summary>
public sealed record PendingDeviceSignIn(RegisteredClient Client, DeviceAuthorization Authorization, DateTimeOffset StartedAt)
{
    public string UserCode => Authorization.UserCode;

    public string VerificationUri => Authorization.VerificationUri;

    public string VerificationUriComplete => Authorization.VerificationUriComplete;

    /// <summary>After this moment the user code is no longer accepted.</summary>
    public DateTimeOffset ExpiresAt => StartedAt + Authorization.ExpiresIn;
}

/// <summary>How a device sign-in ended, unless it was cancelled or the service failed.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record SignedIn(SignedInIdentity Identity) : SignInOutcome;

    /// <summary>The person declined the request on the verification page.</summary>
    public sealed record Declined(string Reason) : SignInOutcome;

    /// <summary>The user code expired before the person confirmed it; start again.</summary>
    public sealed record Expired(string Reason) : SignInOutcome;
}

/// <summary>
/// A person signed in through Identity Center: the bearer token for the SSO portal API, until when it
/// is valid, and every (account, role) pair they are assigned. The token never appears in
/// <see cref="object.ToString"/>.
/// </summary>
public sealed record SignedInIdentity(string AccessToken, DateTimeOffset ExpiresAt, IReadOnlyList<RoleAssignment> Assignments)
{
    /// <summary>The role names the person may use in one environment.</summary>
    public IReadOnlyList<string> RolesIn(string environment) =>
        Assignments.Where(a => string.Equals(a.Environment, environment, StringComparison.Ordinal)).Select(a => a.RoleName).ToList();

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AccessToken = ***, ExpiresAt = ").Append(ExpiresAt.ToString("O", CultureInfo.InvariantCulture))
            .Append(", Assignments = [").AppendJoin(", ", Assignments).Append(']');
        return true;
    }
}

/// <summary>
/// One role a person may use in one account, e.g. prod/ReadOnly. <see cref="Environment"/> names the
/// portal environment living in that account, or is null for an account the portal does not watch
/// (the ops account, a sandbox).
/// </summary>
public sealed record RoleAssignment(string AccountId, string AccountName, string? Environment, string RoleName)
{
    public override string ToString() => $"{Environment ?? AccountName}/{RoleName}";
}
