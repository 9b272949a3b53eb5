using System.Text;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// The keys a request is signed with: long-term keys, or temporary ones from STS with their
/// session token and expiry. The secret never appears in <see cref="object.ToString"/>.
/// </summary>
public sealed record AwsSigningCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken = null,
    DateTimeOffset? Expiration = null)
{
    public bool IsTemporary => !string.IsNullOrEmpty(SessionToken);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AccessKeyId = ").Append(AccessKeyId)
            .Append(", SecretAccessKey = ***")
            .Append(", SessionToken = ").Append(IsTemporary ? "***" : "(none)")
            .Append(", Expiration = ").Append(Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "(none)");
        return true;
    }
}
