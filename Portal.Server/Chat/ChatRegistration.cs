using Microsoft.Extensions.Options;

namespace Portal.Server.Chat;

public static class ChatRegistration
{
    /// <summary>The HttpClient that answers Slack's response_urls, with the standard resilience pipeline.</summary>
    public const string ResponsesClient = "slack-responses";

    /// <summary>The Slack command and buttons, their queue and worker, and the answers to Slack with their progress messages.</summary>
    public static IServiceCollection AddPortalChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidation>();
        services.AddSingleton<ChatRequestGuard>();
        services.AddSingleton<ChatQueue>();
        services.AddSingleton<SlackResponses>();
        services.AddSingleton<ChatProgress>();
        services.AddScoped<ChatPeople>();
        services.AddScoped<ChatCommands>();
        services.AddHostedService<ChatWorker>();
        services.AddHostedService<SlackResponder>();
        services.AddHttpClient(ResponsesClient, client => client.Timeout = TimeSpan.FromSeconds(30)).AddStandardResilienceHandler();
        return services;
    }
}
