namespace Portal.Client.Fleet;

/// <summary>A filter in force on the environment page: its name in the address and the words on its chip.</summary>
public sealed record ActiveFilter(string Name, string Label);
