namespace Portal.Client.Admin;

/// <summary>A box of the token form ticked or cleared: the environment or action it stands for, and whether it is now ticked.</summary>
public sealed record TokenChoice(string Value, bool Ticked);
