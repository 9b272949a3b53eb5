using System.Threading.Channels;

namespace Portal.Server.Chat;

/// <summary>One acknowledged chat request to act on: who, what, where to answer, and the key that makes it one deployment.</summary>
public sealed record ChatWork(string SlackUserId, ChatCommand Command, string ResponseUrl, string RequestKey, ChatConfirmation? Confirmed = null);

/// <summary>
/// Between the chat endpoints, which answer Slack at once, and <see cref="ChatWorker"/>, which acts:
/// a bounded queue, so a flood of commands is refused at the door rather than piling up.
/// </summary>
public sealed class ChatQueue
{
    public const int Capacity = 100;

    private readonly Channel<ChatWork> _work = Channel.CreateBounded<ChatWork>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>False when the queue is full: the person is told to try again.</summary>
    public bool TryEnqueue(ChatWork work) => _work.Writer.TryWrite(work);

    public IAsyncEnumerable<ChatWork> ReadAllAsync(CancellationToken cancellationToken) => _work.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>Posts to a command's <c>response_url</c>, in the order they were queued, through <see cref="SlackResponder"/>.</summary>
public sealed class SlackResponses
{
    private readonly Channel<(string Url, System.Text.Json.Nodes.JsonObject Message)> _posts =
        Channel.CreateUnbounded<(string, System.Text.Json.Nodes.JsonObject)>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(string responseUrl, System.Text.Json.Nodes.JsonObject message) => _posts.Writer.TryWrite((responseUrl, message));

    public IAsyncEnumerable<(string Url, System.Text.Json.Nodes.JsonObject Message)> ReadAllAsync(CancellationToken cancellationToken) => _posts.Reader.ReadAllAsync(cancellationToken);
}
