using FtActors.Migration.Wire;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

public class FeedConnectionTests
{
    [Fact]
    public async Task WriteAsync_ConnectionDisposedWhileWriting_ThrowsTheWritesOwnError()
    {
        var stream = new StalledWriteStream();
        var connection = new FeedConnection(stream);
        var write = connection.WriteAsync(PageFrameType.FeedAck, 1, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await stream.WriteStarted.WaitAsync(TestKitSettings.DefaultTimeout);

        // A stopping actor disposes its connection while a write is still on its way; the write then breaks.
        await connection.DisposeAsync();
        stream.FailWrites(new IOException("the spare is gone"));

        var e = await Assert.ThrowsAsync<IOException>(() => write);
        Assert.Equal("the spare is gone", e.Message);
    }
}
