using Portal.Shared.Access;

namespace Portal.Shared.SignIn;

/// <summary>What the sign-in pages offer: the ways in, and the state of a device sign-in under way.</summary>
public interface ISignInChoices
{
    /// <summary>True on the simulated organization, whose users can be picked directly and whose approval page the portal serves.</summary>
    bool IsSimulated { get; }

    /// <summary>People who can sign in with one click ("Continue as …"); empty against real AWS.</summary>
    IReadOnlyList<QuickSignInUser> QuickUsers { get; }

    /// <summary>A device sign-in started from this browser, or null when there is none by that id (finished, abandoned or never started).</summary>
    DeviceSignInStatus? FindDeviceSignIn(string attemptId);

    /// <summary>What the simulated approval page shows for a user code; null against real AWS or for an unknown code.</summary>
    DeviceCodeStatus? FindDeviceCode(string userCode);
}

/// <summary>A seed user of the simulated organization, with their title and roles to choose by.</summary>
public sealed record QuickSignInUser(string UserName, string DisplayName, string Title, IReadOnlyList<RoleAssignment> Roles);

/// <summary>A device sign-in waiting for the person to confirm <see cref="UserCode"/> on the verification page.</summary>
public sealed record DeviceSignInStatus(string AttemptId, string UserCode, string VerificationUri, string VerificationUriComplete, DateTimeOffset ExpiresAt);

/// <summary>A user code as the simulated Identity Center knows it.</summary>
public sealed record DeviceCodeStatus(string UserCode, DateTimeOffset ExpiresAt, bool AwaitingAnswer);
