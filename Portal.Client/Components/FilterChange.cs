namespace Portal.Client.Components;

/// <summary>One filter of a page's address set to a new value; an empty or blank value drops it from the address.</summary>
public sealed record FilterChange(string Name, string Value);
