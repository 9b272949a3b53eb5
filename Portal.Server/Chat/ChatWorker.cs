namespace Portal.Server.Chat;

/// <summary>Acts on acknowledged chat requests one after another, each in a scope of its own acting as the mapped person.</summary>
public sealed partial class ChatWorker(ChatQueue queue, IServiceScopeFactory scopes, SlackResponses responses, ILogger<ChatWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ChatCommands>().RunAsync(work, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed command must not stop the commands after it; the person is told.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogFailed(logger, work.Command.Text, work.SlackUserId, error);
                responses.Post(work.ResponseUrl, SlackMessages.Ephemeral($"`/portal {work.Command.Text}` failed inside the portal; nothing more was done. The portal's log has the details."));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat command {Command} of {SlackUser} failed")]
    private static partial void LogFailed(ILogger logger, string command, string slackUser, Exception error);
}
