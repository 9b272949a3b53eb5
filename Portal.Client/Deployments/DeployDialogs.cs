using MudBlazor;

namespace Portal.Client.Deployments;

/// <summary>How the deploy, rollback and publish dialogs open: they take focus, Escape and a click outside close them.</summary>
public static class DeployDialogs
{
    public static DialogOptions Options { get; } = new()
    {
        CloseOnEscapeKey = true,
        BackdropClick = true,
        CloseButton = true,
        MaxWidth = MaxWidth.Medium,
        FullWidth = true,
    };

    /// <summary>One key per opened dialog: a double click or a retry of the same dialog makes one deployment.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");
}
