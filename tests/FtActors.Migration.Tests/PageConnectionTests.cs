using FtActors.Migration.Wire;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

public class PageConnectionTests
{
    [Fact]
    public async Task WriteAsync_ConnectionDisposedWhileWriting_ThrowsTheWritesOwnError()
    {
        var stream = new StalledWriteStream();
        var connection = new PageConnection(stream);
        var write = connection.WriteAsync(PageFrameType.Ack, 7, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await stream.WriteStarted.WaitAsync(TestKitSettings.DefaultTimeout);

        // The session's clean-up disposes the lanes while a lane may still be writing an ack; the write then breaks.
        await connection.DisposeAsync();
        stream.FailWrites(new IOException("the sender is gone"));

        var e = await Assert.ThrowsAsync<IOException>(() => write);
        Assert.Equal("the sender is gone", e.Message);
    }
}
