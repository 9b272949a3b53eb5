using System.Text;

namespace Portal.Server.Metrics;

/// <summary>
/// Collects lines, newline-separated, into one datagram that stays shorter than the limit; the
/// caller sends and clears it when the next line no longer fits.
/// </summary>
internal sealed class DatagramPacker(int limit)
{
    private readonly byte[] _buffer = new byte[limit - 1];
    private int _length;

    public int LineCount { get; private set; }

    public bool IsEmpty => _length == 0;

    public ReadOnlyMemory<byte> Datagram => _buffer.AsMemory(0, _length);

    /// <summary>Whether a line of this many bytes fits in a datagram at all.</summary>
    public bool CanEverHold(int byteCount) => byteCount <= _buffer.Length;

    public bool HasRoomFor(int byteCount) => (IsEmpty ? 0 : _length + 1) + byteCount <= _buffer.Length;

    /// <summary>Adds a line the caller has checked with <see cref="HasRoomFor"/>.</summary>
    public void Append(string line)
    {
        if (!IsEmpty)
        {
            _buffer[_length++] = (byte)'\n';
        }

        _length += Encoding.UTF8.GetBytes(line, _buffer.AsSpan(_length));
        LineCount++;
    }

    public void Clear()
    {
        _length = 0;
        LineCount = 0;
    }
}
