namespace Portal.Server.Access;

/// <summary>
/// The options of one <c>tokens</c> subcommand: <c>--key value</c> or <c>--key=value</c>, each key
/// known to the subcommand, only the repeatable ones given more than once, and no stray words.
/// </summary>
internal sealed class TokenCommandLine
{
    private readonly Dictionary<string, List<string>> _values;

    private TokenCommandLine(Dictionary<string, List<string>> values) => _values = values;

    /// <exception cref="TokenCommandException">An option is unknown, repeated, or has no value, or a word is not an option.</exception>
    public static TokenCommandLine Parse(string subcommand, IReadOnlyList<string> args, IReadOnlyCollection<string> single, IReadOnlyCollection<string> repeatable)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new TokenCommandException($"'{arg}' is not an option of `tokens {subcommand}`.", showUsage: true);
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? arg : arg[..equals];
            if (!single.Contains(key) && !repeatable.Contains(key))
            {
                throw new TokenCommandException($"`tokens {subcommand}` has no option {key}.", showUsage: true);
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new TokenCommandException($"{key} needs a value.", showUsage: true);
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new TokenCommandException($"{key} needs a value.", showUsage: true);
            }

            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }
            else if (!repeatable.Contains(key))
            {
                throw new TokenCommandException($"{key} is given more than once; give it once.", showUsage: true);
            }

            list.Add(value.Trim());
        }

        return new TokenCommandLine(values);
    }

    /// <exception cref="TokenCommandException">The option is missing.</exception>
    public string Required(string key, string example) =>
        Optional(key) ?? throw new TokenCommandException($"{key} is missing, for example {key} {example}.", showUsage: true);

    public string? Optional(string key) => _values.TryGetValue(key, out var list) ? list[0] : null;

    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var list) ? list : [];
}

/// <summary>Input the <c>tokens</c> command cannot act on; the message says what to fix. Exit code 2.</summary>
public sealed class TokenCommandException(string message, bool showUsage = false) : Exception(message)
{
    /// <summary>Whether the command line itself is wrong, so the usage is worth printing after the message.</summary>
    public bool ShowUsage { get; } = showUsage;
}
