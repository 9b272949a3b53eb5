using System.Net;
using System.Net.Sockets;

namespace Portal.Server.Metrics;

/// <summary>
/// One UDP socket to the agent, opened on first use. After a failure it is closed, so the next
/// send looks the host up again: an agent that moved to another address is found.
/// </summary>
internal sealed class DogStatsdSender(string host, int port) : IDisposable
{
    private Socket? _socket;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        _socket ??= await ConnectAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(datagram, SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            Close();
            throw;
        }
    }

    public void Dispose() => Close();

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connecting a UDP socket only fixes the destination; nothing is sent.
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IPAddress> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        // Agents commonly listen on IPv4 only, while "localhost" may resolve to ::1 first.
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
