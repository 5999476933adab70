namespace FtActors.TestKit;

/// <summary>
/// A stream whose writes hang until the test fails them: for checking what a connection reports when it is closed
/// while a write is still on its way (the write's own error, not one from the connection's clean-up).
/// </summary>
public sealed class StalledWriteStream : Stream
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first write has begun (and hangs).</summary>
    public Task WriteStarted => _started.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Ends every hanging write with <paramref name="error"/>, as a broken connection would.</summary>
    public void FailWrites(Exception error) => _outcome.TrySetException(error);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _started.TrySetResult();
        await _outcome.Task.ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => 0;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
