using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FtActors.TestKit;

namespace FtActors.Node.Tests;

/// <summary>
/// A real <c>ftactors node</c> process for the admin and shell tests: its own directory (SQLite journal and
/// journal, fault-injection file, stand-in scontrol that records its arguments), admin endpoint on a free port
/// (read from its <c>ftactors-node admin url=</c> line). Killed in <see cref="DisposeAsync"/>, pass or fail.
/// </summary>
public sealed class RunningNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _admin = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningNode(string directory, string name, Process process)
    {
        Directory = directory;
        Name = name;
        _process = process;
    }

    /// <summary>The node's scratch directory.</summary>
    public string Directory { get; }

    /// <summary>The node's name (<c>ftactors.node.name</c>).</summary>
    public string Name { get; }

    /// <summary>The admin endpoint's URL.</summary>
    public Uri Admin { get; private set; } = null!;

    /// <summary>Where the stand-in scontrol appends one line per call.</summary>
    public string ScontrolLog => Path.Combine(Directory, "scontrol.log");

    /// <summary>The fault-injection file the node's health monitor reads.</summary>
    public string InjectFile => Path.Combine(Directory, "inject.json");

    /// <summary>The ftactors.dll next to the tests.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "ftactors.dll");

    /// <summary>Starts a node named <paramref name="name"/> with extra <c>--set</c> overrides and waits for its admin line.</summary>
    public static async Task<RunningNode> StartAsync(string name, IEnumerable<string>? sets = null, string? token = null, string? netns = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ftactors-nodetest-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var bin = Path.Combine(directory, "bin");
        System.IO.Directory.CreateDirectory(bin);
        var scontrol = Path.Combine(bin, "scontrol");
        // Records every call; "show node" answers an idle node so a drain goes ahead.
        await File.WriteAllTextAsync(scontrol,
            "#!/bin/sh\necho \"$*\" >> \"" + Path.Combine(directory, "scontrol.log") + "\"\n" +
            "if [ \"$1\" = show ]; then echo \"NodeName=$3 Arch=x86_64 CoresPerSocket=1\"; echo \"   State=IDLE ThreadsPerCore=1\"; fi\nexit 0\n");
        File.SetUnixFileMode(scontrol, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(directory, "inject.json"),
            "{ \"readings\": [ { \"check\": \"cpu-temp\", \"unit\": \"C\", \"start\": 50, \"ratePerSecond\": 0, \"warn\": 85, \"crit\": 95 } ] }");
        var db = Path.Combine(directory, "journal.db");
        var all = new List<string>
        {
            "ftactors.cluster.id=nodetest-" + Guid.NewGuid().ToString("N")[..8],
            // Alone unless the caller's sets name seed nodes: the node forms its own cluster.
            "ftactors.cluster.seed-nodes=",
            "ftactors.persistence.journal.provider=sqlite",
            "ftactors.persistence.journal.connection-string=Data Source=" + db,
            "ftactors.remoting.host=127.0.0.1",
            "ftactors.remoting.port=0",
            "ftactors.metrics.port=0",
            "ftactors.node.name=" + name,
            "ftactors.node.scontrol=" + scontrol,
            "ftactors.health.sources.hwmon.enabled=false",
            "ftactors.health.sources.edac.enabled=false",
            "ftactors.health.sources.fault-injection.enabled=true",
            "ftactors.health.sources.fault-injection.file=" + Path.Combine(directory, "inject.json"),
        };
        if (token is not null)
        {
            var tokenFile = Path.Combine(directory, "token");
            await File.WriteAllTextAsync(tokenFile, token + "\n");
            all.Add("ftactors.admin.token-file=" + tokenFile);
        }

        all.AddRange(sets ?? []);
        var info = Dotnet(netns);
        foreach (var a in new[] { CliDll, "node", "--config", Path.Combine(AppContext.BaseDirectory, "hocon", "node.conf"), "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var s in all)
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(s);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new RunningNode(directory, name, process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Exited += (_, _) => node._admin.TrySetException(new InvalidOperationException($"node {name} exited early:\n{node.Output()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            node.Admin = await node._admin.Task.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(90)));
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"node {name} did not print its admin line:\n{node.Output()}");
        }

        return node;
    }

    /// <summary>Everything the node printed so far.</summary>
    public string Output() => string.Join('\n', _lines);

    /// <summary>Waits until the node printed a line containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForLineAsync(string text)
    {
        var deadline = DateTime.UtcNow + TestKitSettings.Dilated(TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"expected node {Name} to print \"{text}\", found:\n{Output()}");
    }

    /// <summary>Runs <c>ftactors ARGS</c> as a shell command; returns exit code, stdout and stderr.</summary>
    public static Task<(int Exit, string Out, string Err)> ShellAsync(params string[] args) => ShellInAsync(null, args);

    /// <summary>Runs <c>ftactors ARGS</c> inside network namespace <paramref name="netns"/> (null: here).</summary>
    public static async Task<(int Exit, string Out, string Err)> ShellInAsync(string? netns, params string[] args)
    {
        var info = Dotnet(netns);
        info.ArgumentList.Add(CliDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("FTACTORS_ADMIN");
        info.Environment.Remove("FTACTORS_ADMIN_TOKEN");
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TestKitSettings.Dilated(TimeSpan.FromSeconds(60)));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary><c>dotnet</c>, or <c>ip netns exec NS dotnet</c> (ip execs, so the process id is dotnet's own).</summary>
    private static ProcessStartInfo Dotnet(string? netns)
    {
        var info = new ProcessStartInfo(netns is null ? "dotnet" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (netns is not null)
        {
            foreach (var a in new[] { "netns", "exec", netns, "dotnet" })
            {
                info.ArgumentList.Add(a);
            }
        }

        return info;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

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
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        const string marker = "ftactors-node admin url=";
        if (line.StartsWith(marker, StringComparison.Ordinal))
        {
            _admin.TrySetResult(new Uri(line[marker.Length..]));
        }
    }
}
