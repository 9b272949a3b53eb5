namespace Portal.Shared.Diagnostics;

/// <summary>Checks that the portal can reach every environment: its read role, ECS, CloudWatch and Cost Explorer.</summary>
public interface IEnvironmentDoctor
{
    /// <summary>Runs every check; a recent result is reused rather than calling AWS again.</summary>
    Task<DoctorReport> CheckAsync(CancellationToken cancellationToken);
}

public enum DoctorOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One line of the report: what was checked in which environment, and what AWS said.</summary>
public sealed record DoctorCheck(string Environment, string Check, DoctorOutcome Outcome, string Detail);

public sealed record DoctorReport(DateTimeOffset CheckedAt, IReadOnlyList<DoctorCheck> Checks)
{
    public bool AllPassed => Checks.All(c => c.Outcome != DoctorOutcome.Failed);
}
