using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Protocol;
using FtActors.Remoting.Serialization;
using FtActors.TestKit;

namespace FtActors.Remoting.Tests.Support;

/// <summary>
/// A scripted fake node speaking the wire protocol over a raw socket: it can send any bytes (bad frames, half a
/// frame), stall, or half-close, and read what the real node answers.
/// </summary>
internal sealed class MockPeer : IAsyncDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly FrameDecoder _decoder = new();
    private byte[] _pending = [];
    private NetworkStream? _stream;

    // Taken once at connect: TcpClient.GetStream refuses after a half-close.
    public NetworkStream Stream => _stream!;

    public static async Task<MockPeer> ConnectAsync(RemotingNode node)
    {
        var peer = new MockPeer();
        await peer._client.ConnectAsync("127.0.0.1", node.Address.Port!.Value);
        peer._stream = peer._client.GetStream();
        return peer;
    }

    public static byte[] Frame(FrameType type, ulong correlation, ReadOnlySpan<byte> payload)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(writer, type, correlation, payload);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Hello(string cluster = "test", int version = RemotingProtocol.Version, long incarnation = 77) =>
        Frame(FrameType.Hello, 0, JsonSerializer.SerializeToUtf8Bytes(new HandshakeInfo(version, cluster, "127.0.0.1", 1, incarnation), ProtocolJsonContext.Default.HandshakeInfo));

    public static byte[] Message(string recipient, string manifest, string json, long recipientIncarnation = 0)
    {
        var writer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.WriteHeader(writer, recipientIncarnation, 77, recipient, null, manifest);
        writer.Write(System.Text.Encoding.UTF8.GetBytes(json));
        return Frame(FrameType.Message, 0, writer.WrittenSpan);
    }

    public async Task SendAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    public void HalfClose() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads the next frame the node sends, or null if it closes the connection first.</summary>
    public async Task<(FrameType Type, byte[] Payload, ulong Correlation)?> ReadFrameAsync()
    {
        using var cts = new CancellationTokenSource(TestKitSettings.Dilated(TimeSpan.FromSeconds(15)));
        var chunk = new byte[4096];
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(_pending);
            if (_decoder.TryReadFrame(ref buffer, out var frame))
            {
                var result = (frame.Type, frame.Payload.ToArray(), frame.Correlation);
                _pending = buffer.ToArray();
                return result;
            }

            int read;
            try
            {
                read = await Stream.ReadAsync(chunk, cts.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending = [.. _pending, .. chunk.AsSpan(0, read)];
        }
    }

    /// <summary>Reads and discards frames (heartbeats, a Welcome) until the node closes the connection; true if it did.</summary>
    public async Task<bool> WaitClosedAsync()
    {
        while (await ReadFrameAsync() is not null)
        {
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
