namespace Portal.Server.Chat;

/// <summary>What a <c>/portal …</c> text asks for. Parsed once; acted on by <see cref="ChatCommands"/>.</summary>
public sealed record ChatCommand(string Verb, string? Service, string? Environment, string? Build)
{
    public const string Status = "status";
    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
    public const string History = "history";
    public const string Help = "help";

    /// <summary>The command as the person typed it, for the audit trail and the confirmation.</summary>
    public string Text => string.Join(' ', new[] { Verb, Service, Environment, Build }.Where(p => !string.IsNullOrEmpty(p)));

    public bool Changes => Verb is Deploy or Rollback;

    /// <summary>The command, or why the text is not one (with the usage to type).</summary>
    public static (ChatCommand? Command, string? Problem) Parse(string? text)
    {
        var words = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return (new ChatCommand(Help, null, null, null), null);
        }

        var verb = words[0].ToLowerInvariant();
        string? At(int i) => words.Length > i ? words[i] : null;
        return verb switch
        {
            Help => (new ChatCommand(Help, null, null, null), null),
            Status or History when words.Length is 2 or 3 => (new ChatCommand(verb, At(1), At(2)?.ToLowerInvariant(), null), null),
            Deploy when words.Length is 3 or 4 => (new ChatCommand(verb, At(1), At(2)!.ToLowerInvariant(), At(3)), null),
            Rollback when words.Length == 3 => (new ChatCommand(verb, At(1), At(2)!.ToLowerInvariant(), null), null),
            Status or History or Deploy or Rollback => (null, $"Usage: `/portal {Usage(verb)}`"),
            _ => (null, $"`{words[0]}` is not a portal command. Try `/portal help`."),
        };
    }

    public static string Usage(string verb) => verb switch
    {
        Status => "status <service> [env]",
        Deploy => "deploy <service> <env> [build]",
        Rollback => "rollback <service> <env>",
        History => "history <service> [env]",
        _ => "help",
    };

    public const string HelpText =
        "*/portal status <service> [env]* health, tasks running of desired, live revision and image, last deploy\n" +
        "*/portal deploy <service> <env> [build]* deploys the newest announced build (or the one whose commit or tag you name)\n" +
        "*/portal rollback <service> <env>* returns to the revision that ran before\n" +
        "*/portal history <service> [env]* the last deploys and rollbacks\n" +
        "You act with your own portal roles; a protected environment asks you to confirm.";
}
