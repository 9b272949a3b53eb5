using System.Diagnostics;
using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>Timings of repeated runs of one step, summarised as median, minimum and maximum.</summary>
/// <remarks>
/// <see cref="Values"/> are wall-clock milliseconds; <see cref="CpuValues"/> the process's CPU milliseconds over the
/// same span (all threads, so garbage collection and background JIT count too). On a busy machine wall time
/// includes waiting for a core, CPU time does not.
/// </remarks>
internal sealed record Samples(string Name, IReadOnlyList<double> Values, IReadOnlyList<double> CpuValues)
{
    public double Median => MedianOf(Values);

    public double CpuMedian => MedianOf(CpuValues);

    public double Min => Values.Min();

    public double Max => Values.Max();

    /// <summary>Runs <paramref name="step"/> warm-up times unmeasured, then measured times; returns the measured milliseconds.</summary>
    public static async Task<Samples> MeasureAsync(string name, int warmUps, int runs, Func<int, Task> step, Func<Task>? between = null)
    {
        var values = new List<double>(runs);
        var cpuValues = new List<double>(runs);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < warmUps + runs; i++)
        {
            if (between is not null)
            {
                await between();
            }

            process.Refresh();
            var cpuStarted = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await step(i);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            process.Refresh();
            if (i >= warmUps)
            {
                values.Add(elapsed);
                cpuValues.Add((process.TotalProcessorTime - cpuStarted).TotalMilliseconds);
            }
        }

        return new Samples(name, values, cpuValues);
    }

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>A plain text table with right-aligned numbers.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Separator() => _rows.Add([]);

    public void Write(TextWriter output)
    {
        var widths = headers.Select((h, c) => _rows.Where(r => r.Length > c).Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        output.WriteLine(rule);
        output.WriteLine(Line(headers, widths));
        output.WriteLine(rule);
        foreach (var row in _rows)
        {
            output.WriteLine(row.Length == 0 ? rule : Line(row, widths));
        }

        output.WriteLine(rule);
    }

    private static string Line(string[] cells, int[] widths) =>
        "|" + string.Join("|", widths.Select((w, c) =>
        {
            var cell = c < cells.Length ? cells[c] : string.Empty;
            return " " + (c == 0 ? cell.PadRight(w) : cell.PadLeft(w)) + " ";
        })) + "|";
}

internal static class Format
{
    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => Number(bytes / (1024.0 * 1024.0), "0");
}
