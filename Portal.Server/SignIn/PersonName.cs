using Portal.Server.Cloud.IdentityCenter;

namespace Portal.Server.SignIn;

/// <summary>Who a signed-in person is, for the app bar and the audit trail.</summary>
public sealed record PersonName(string UserName, string DisplayName);

/// <summary>
/// Names the person behind an Identity Center token. Identity Center's device flow says which
/// accounts and roles a token may use, but not whose it is; each world answers that its own way.
/// </summary>
public interface IPersonNames
{
    /// <summary>Throws a <see cref="Cloud.CloudException"/> when the name cannot be learned.</summary>
    Task<PersonName> NameAsync(SignedInIdentity identity, CancellationToken cancellationToken);
}
