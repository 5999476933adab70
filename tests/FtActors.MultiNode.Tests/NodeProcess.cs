using System.Collections.Concurrent;
using System.Diagnostics;
using FtActors.TestKit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// One real <c>ftactors node</c> process. It gets this test process's pid (so it exits if the test dies), its
/// output is kept for assertions and failure messages, and <see cref="DisposeAsync"/> kills it if still running.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string Address { get; private set; } = string.Empty;

    public long Incarnation { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IEnumerable<string> Lines => _lines;

    /// <summary>
    /// Starts <c>dotnet ftactors.dll node</c> with the given overrides and waits for its "up" line. A
    /// <paramref name="prefix"/> (e.g. <c>ip netns exec NS</c>) runs it through that command; <c>ip netns exec</c>
    /// execs the node, so the process started here is the node itself and a kill reaches it.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(string name, IEnumerable<string> sets, IReadOnlyList<string>? prefix = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ftactors.dll");
        var command = (prefix ?? []).Append("dotnet").ToList();
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("node");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hocon", "node.conf"));
        info.ArgumentList.Add("--parent-pid");
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var set in sets)
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(set);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(name, process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => node._up.TrySetException(new InvalidOperationException($"node {name} exited before it was up:\n{node.Output()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._up.Task.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(90)));
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"node {name} did not print its up line:\n{node.Output()}");
        }

        return node;
    }

    /// <summary>Everything the node printed so far, for failure messages.</summary>
    public string Output() => string.Join('\n', _lines.Select(l => Name + "| " + l));

    /// <summary>Waits until a printed line contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(60)));
        while (DateTime.UtcNow < deadline)
        {
            var line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"expected node {Name} to print \"{text}\", found:\n{Output()}");
    }

    /// <summary>SIGKILL: the node gets no chance to leave.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM: the node leaves gracefully; waits for it to exit and returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TestKitSettings.Dilated(TimeSpan.FromSeconds(60)));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"expected node {Name} to exit within {timeout}, it still runs:\n{Output()}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        catch (TimeoutException)
        {
            // Still dying 30 s after the kill: reported, not thrown over the test's own failure (or StartAsync's).
            await Console.Error.WriteLineAsync($"test cleanup: node {Name} still runs 30 s after SIGKILL").ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        const string marker = "ftactors-node up address=";
        if (stdout && line.StartsWith(marker, StringComparison.Ordinal))
        {
            // "ftactors-node up address=host:port incarnation=UID" (the Akka member's unique id)
            var parts = line.Split(' ');
            Address = parts[2]["address=".Length..];
            Incarnation = long.Parse(parts[3]["incarnation=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            _up.TrySetResult(line);
        }
    }
}
