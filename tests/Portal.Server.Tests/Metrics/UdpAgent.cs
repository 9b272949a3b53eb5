using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Server.Tests.Metrics;

/// <summary>A stand-in DogStatsD agent: a real UDP socket on 127.0.0.1 that keeps every datagram it receives.</summary>
internal sealed class UdpAgent : IDisposable
{
    private static readonly TimeSpan PatienceLimit = TimeSpan.FromSeconds(10);

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly List<byte[]> _datagrams = [];
    private readonly Lock _lock = new();

    public UdpAgent()
    {
        // Thousands of lines arrive in one burst; the default buffer would be close to overflowing.
        _client.Client.ReceiveBufferSize = 1 << 20;
        _ = ReceiveAsync();
    }

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public IReadOnlyList<byte[]> Datagrams
    {
        get
        {
            lock (_lock)
            {
                return [.. _datagrams];
            }
        }
    }

    public IReadOnlyList<string> Lines => Datagrams.SelectMany(d => Encoding.UTF8.GetString(d).Split('\n')).ToList();

    /// <summary>Waits until a line arrives that starts with <paramref name="start"/>.</summary>
    public async Task WaitForLineAsync(string start)
    {
        var deadline = DateTime.UtcNow + PatienceLimit;
        while (!Lines.Any(line => line.StartsWith(start, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No line starting with '{start}' arrived; received: {string.Join(" / ", Lines)}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                var received = await _client.ReceiveAsync(_stop.Token);
                lock (_lock)
                {
                    _datagrams.Add(received.Buffer);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }
}
