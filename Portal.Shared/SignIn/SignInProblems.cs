namespace Portal.Shared.SignIn;

/// <summary>Why a sign-in did not finish, as a short code in the sign-in page's address and a sentence for the person.</summary>
public static class SignInProblems
{
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string UnknownUser = "unknown-user";
    public const string Unavailable = "unavailable";
    public const string NotConfigured = "not-configured";
    public const string AttemptGone = "attempt-gone";
    public const string SessionEnded = "session-ended";

    /// <summary>The sentence for a code, or null for none or an unknown one.</summary>
    public static string? Describe(string? code) => code switch
    {
        Declined => "The sign-in request was declined on the verification page. Start again if that was a mistake.",
        Expired => "The code was not confirmed in time. Start again and confirm the new code within ten minutes.",
        UnknownUser => "There is no such user in the organization. Pick one from the list.",
        Unavailable => "IAM Identity Center could not be reached, so no one can sign in right now. Try again in a minute; if it persists, ask an administrator to check the portal's Identity Center settings.",
        NotConfigured => "Sign-in through IAM Identity Center is not set up: an administrator must set Aws:IdentityCenter:StartUrl.",
        AttemptGone => "That sign-in is no longer waiting (it finished, expired, or was started in another browser). Start again.",
        SessionEnded => "Your session has ended. Sign in again to go on.",
        _ => null,
    };
}
