using Portal.Shared.Diagnostics;

namespace Portal.Server.Diagnostics;

/// <summary><c>dotnet run --project Portal.Server -- doctor</c>: runs the checks once, prints a line each, exits 0 when none failed.</summary>
public static class DoctorCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && string.Equals(args[0], "doctor", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        var report = await services.GetRequiredService<IEnvironmentDoctor>().CheckAsync(CancellationToken.None);
        foreach (var check in report.Checks)
        {
            await output.WriteLineAsync($"{Mark(check.Outcome)} {check.Environment,-10} {check.Check}: {check.Detail}");
        }

        var failed = report.Checks.Count(c => c.Outcome == DoctorOutcome.Failed);
        await output.WriteLineAsync(failed == 0 ? "doctor: every check passed" : $"doctor: {failed} check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private static string Mark(DoctorOutcome outcome) => outcome switch
    {
        DoctorOutcome.Passed => "ok  ",
        DoctorOutcome.Failed => "FAIL",
        _ => "skip",
    };
}
