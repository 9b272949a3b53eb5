using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Portal.Server.Chat;

/// <summary>
/// Sends the queued answers to Slack's <c>response_url</c>s, one at a time so a deploy's messages
/// arrive in order, with the resilience pipeline of <see cref="ChatRegistration.ResponsesClient"/>
/// (retries with backoff, timeouts). An answer Slack still refuses is logged and dropped.
/// </summary>
public sealed partial class SlackResponder(SlackResponses responses, IHttpClientFactory clients, IOptions<ChatOptions> options, ILogger<SlackResponder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (url, message) in responses.ReadAllAsync(stoppingToken))
        {
            if (!options.Value.IsResponseUrl(url))
            {
                LogNotSlack(logger, url);
                continue;
            }

            try
            {
                using var client = clients.CreateClient(ChatRegistration.ResponsesClient);
                using var answer = await client.PostAsJsonAsync(new Uri(url), message, stoppingToken);
                if (!answer.IsSuccessStatusCode)
                {
                    LogRefused(logger, (int)answer.StatusCode);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException or TimeoutException or Polly.ExecutionRejectedException)
            {
                LogUnreachable(logger, error.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused an answer to a response_url: {Status}")]
    private static partial void LogRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack's response_url could not be reached: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not answering to {Url}: not under Chat:Slack:ResponseUrlPrefix")]
    private static partial void LogNotSlack(ILogger logger, string url);
}
