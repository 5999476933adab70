using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace FtActors.Cli.Commands;

/// <summary>
/// An <c>ftactors node</c> process the demo runs inside a lab network namespace (<c>ip netns exec</c>), with its
/// output kept for the demo to wait on. Killed on dispose, so an interrupted demo leaves no node behind.
/// </summary>
internal sealed class DemoNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private DemoNode(Process process, string netns)
    {
        _process = process;
        Namespace = netns;
    }

    /// <summary>The namespace it runs in.</summary>
    public string Namespace { get; }

    /// <summary>The node's admin endpoint, reachable only inside its namespace.</summary>
    public string Admin { get; private set; } = string.Empty;

    /// <summary>Starts the node with <paramref name="sets"/> as <c>--set</c> overrides of <paramref name="config"/> and waits for its admin line.</summary>
    public static async Task<DemoNode> StartAsync(string netns, string config, IEnumerable<string> sets, CancellationToken ct)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", netns, "dotnet", CliDll, "node", "--config", config, "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var s in sets)
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(s);
        }

        var process = new Process { StartInfo = info };
        var node = new DemoNode(process, netns);
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var line = await node.WaitForLineAsync("ftactors-node admin url=", TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
            node.Admin = line[(line.IndexOf("url=", StringComparison.Ordinal) + 4)..].Trim();
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The ftactors.dll this demo runs from.</summary>
    public static string CliDll => typeof(DemoNode).Assembly.Location;

    /// <summary>Everything the node printed.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Waits for the first line containing <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">Not printed in time (the message ends with the node's last lines).</exception>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var hit = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"node in {Namespace}: expected a line with \"{text}\" within {timeout.TotalSeconds:0} s, found none; its last lines:\n"
            + string.Join('\n', _lines.TakeLast(15)));
    }

    /// <summary>Runs <c>ftactors ARGS</c> in the node's namespace (the shell commands reach its admin endpoint there); returns stdout.</summary>
    public async Task<string> ShellAsync(CancellationToken ct, params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Namespace, "dotnet", CliDll }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        _ = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return await stdout.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it ignored the kill: its --parent-pid watch ends it when the demo exits.
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
