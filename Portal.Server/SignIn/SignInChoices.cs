using Portal.Server.Simulation;
using Portal.Server.Simulation.Seed;
using Portal.Shared.Access;
using Portal.Shared.SignIn;

namespace Portal.Server.SignIn;

/// <summary>The sign-in pages' view of the ways in; the simulated organization adds its seed users and approval page.</summary>
public sealed class SignInChoices(DeviceSignInAttempts attempts, IServiceProvider services) : ISignInChoices
{
    private readonly SimulatedIdentityCenter? _simulated = services.GetService<SimulatedIdentityCenter>();
    private readonly OrganizationSeedSet? _seed = services.GetService<OrganizationSeedSet>();

    public bool IsSimulated => _simulated is not null;

    public IReadOnlyList<QuickSignInUser> QuickUsers =>
        _simulated is null || _seed is null
            ? []
            : _seed.Identity.Users
                .Select(u => new QuickSignInUser(
                    u.UserName,
                    u.DisplayName,
                    u.Title,
                    u.Assignments.Where(a => a.Environment != SimulatedIdentityCenter.OpsAccountName).Select(a => new RoleAssignment(a.Environment, a.Role)).ToList()))
                .ToList();

    public DeviceSignInStatus? FindDeviceSignIn(string attemptId) =>
        attempts.Find(attemptId) is { } attempt
            ? new DeviceSignInStatus(attempt.Id, attempt.Pending.UserCode, attempt.Pending.VerificationUri, attempt.Pending.VerificationUriComplete, attempt.Pending.ExpiresAt)
            : null;

    public DeviceCodeStatus? FindDeviceCode(string userCode) =>
        _simulated?.Find(userCode) is { } prompt ? new DeviceCodeStatus(prompt.UserCode, prompt.ExpiresAt, prompt.AwaitingAnswer) : null;
}
