using Portal.Shared.Deployments;

namespace Portal.Client.Deployments;

/// <summary>
/// What a person typed in a deploy or rollback dialog, and why its Confirm is disabled: the same
/// guard the server applies (<see cref="DeployGuards.ProtectedConfirmation"/>), said before the click.
/// </summary>
public sealed class DeployConfirmation
{
    public string? Reason { get; set; }

    public string? Confirmation { get; set; }

    public string? FreezeOverride { get; set; }

    /// <param name="missing">What is still to be chosen (a build, a revision), or null.</param>
    public string? WhyNotYet(DeployChoices choices, string? missing)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return missing
            ?? DeployGuards.ProtectedConfirmation(choices.IsProtected, byPerson: true, confirmationWaived: false, choices.Environment, choices.Service, Confirmation, Reason)
            ?? DeployGuards.ReasonTooLong(Reason, FreezeOverride);
    }
}
