using System.Text;
using System.Text.RegularExpressions;

namespace FtActors.Lab.Guests;

/// <summary>
/// The guest's serial console, which QEMU writes to a file. Reads never lock the file (QEMU keeps
/// writing) and tolerate a partial last line: only lines that end in a newline count.
/// </summary>
public sealed class SerialLog
{
    /// <summary>Opens the log at <paramref name="path"/>; the file may not exist yet.</summary>
    public SerialLog(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The file QEMU writes the console to.</summary>
    public string Path { get; }

    /// <summary>Every complete line so far.</summary>
    public IReadOnlyList<string> ReadLines() => ReadLinesFrom(0, out _);

    /// <summary>Every complete ftw line so far, parsed, in order.</summary>
    public IReadOnlyList<FtwLine> ReadProgress() =>
        ReadLines().Select(l => FtwLineParser.TryParse(l, out var p) ? p : null).OfType<FtwLine>().ToList();

    /// <summary>The last iteration line so far, or null before the first iteration.</summary>
    public FtwLine? LatestProgress() => ReadProgress().LastOrDefault(p => p.Kind == FtwLineKind.Iteration);

    /// <summary>
    /// Waits until a complete line matching <paramref name="pattern"/> appears (including lines already
    /// there) and returns it.
    /// </summary>
    /// <exception cref="LabException">No such line within <paramref name="timeout"/>; the message quotes the log's tail.</exception>
    public Task<string> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(pattern, timeout, null, cancellationToken);

    /// <summary>
    /// Like <see cref="WaitForLineAsync(Regex, TimeSpan, CancellationToken)"/>, and gives up early when
    /// <paramref name="stillAlive"/> says the guest has gone (no point waiting on a dead QEMU).
    /// </summary>
    public async Task<string> WaitForLineAsync(
        Regex pattern, TimeSpan timeout, Func<bool>? stillAlive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = DateTime.UtcNow + timeout;
        long offset = 0;
        while (true)
        {
            foreach (var line in ReadLinesFrom(offset, out offset))
            {
                if (pattern.IsMatch(line))
                {
                    return line;
                }
            }

            var alive = stillAlive?.Invoke() ?? true;
            if (!alive || DateTime.UtcNow >= deadline)
            {
                // One last read: the line may have landed just before QEMU exited.
                foreach (var line in ReadLinesFrom(offset, out offset))
                {
                    if (pattern.IsMatch(line))
                    {
                        return line;
                    }
                }

                var why = alive ? $"within {timeout.TotalSeconds:0.#} s" : "before QEMU exited";
                throw new LabException(
                    $"expected a serial line matching /{pattern}/ in {Path} {why}; last lines: {Tail(5)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for an iteration line with a number of at least <paramref name="iteration"/>.</summary>
    public async Task<FtwLine> WaitForIterationAsync(ulong iteration, TimeSpan timeout, Func<bool>? stillAlive = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var latest = LatestProgress();
            if (latest is not null && latest.Iteration >= iteration)
            {
                return latest;
            }

            var alive = stillAlive?.Invoke() ?? true;
            if (!alive || DateTime.UtcNow >= deadline)
            {
                throw new LabException(
                    $"expected ftw iteration >= {iteration} in {Path} {(alive ? $"within {timeout.TotalSeconds:0.#} s" : "before QEMU exited")}, " +
                    $"latest is {latest?.ToString() ?? "none"}; last lines: {Tail(5)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="count"/> lines, joined with " | ", for error messages.</summary>
    public string Tail(int count)
    {
        var lines = ReadLines();
        return lines.Count == 0 ? "(empty)" : string.Join(" | ", lines.Skip(Math.Max(0, lines.Count - count)));
    }

    private List<string> ReadLinesFrom(long offset, out long next)
    {
        next = offset;
        var lines = new List<string>();
        if (!File.Exists(Path))
        {
            return lines;
        }

        using var fs = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (fs.Length <= offset)
        {
            return lines;
        }

        fs.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[fs.Length - offset];
        var read = fs.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var start = 0;
        for (var i = 0; i < read; i++)
        {
            if (buffer[i] == (byte)'\n')
            {
                lines.Add(Encoding.UTF8.GetString(buffer, start, i - start).TrimEnd('\r'));
                start = i + 1;
            }
        }

        // A partial last line stays unread until its newline arrives.
        next = offset + start;
        return lines;
    }
}
