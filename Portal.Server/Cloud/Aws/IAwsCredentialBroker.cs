namespace Portal.Server.Cloud.Aws;

/// <summary>Hands out the credentials a cloud call is signed with, for the account and role the caller names.</summary>
public interface IAwsCredentialBroker
{
    Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken);
}
