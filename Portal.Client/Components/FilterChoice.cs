namespace Portal.Client.Components;

/// <summary>One choice of a <see cref="FilterSelect"/>: the value the address carries and the words shown for it.</summary>
public sealed record FilterChoice(string Value, string Label);
