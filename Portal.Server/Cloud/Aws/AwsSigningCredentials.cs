namespace Portal.Server.Cloud.Aws;

/// <summary>Credentials a request is signed with; temporary ones carry a session token and an expiry.</summary>
public sealed record AwsSigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    // The secret never appears in logs or exception messages.
    public override string ToString() => $"{AccessKeyId} (expires {Expiration?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"})";
}
