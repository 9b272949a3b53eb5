namespace Portal.Server.Deployments;

/// <summary>
/// The portal will not make a new revision for a build: it cannot tell which container the build is for.
/// Nothing was registered; the message says what to fix.
/// </summary>
public sealed class NewRevisionRefusedException(string message) : Exception(message);
