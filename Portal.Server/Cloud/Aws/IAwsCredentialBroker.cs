namespace Portal.Server.Cloud.Aws;

/// <summary>Hands out the credentials a cloud call is signed with, for the account and role the caller names.</summary>
public interface IAwsCredentialBroker
{
    Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken);

    /// <summary>
    /// AWS refused <paramref name="stale"/> as expired or unknown: drops them, if they are still the
    /// ones held for the caller, so the next <see cref="GetAsync"/> fetches fresh ones. Credentials
    /// fetched meanwhile by another call are kept.
    /// </summary>
    void Forget(CloudCaller caller, AwsSigningCredentials stale);
}
