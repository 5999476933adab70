using Xunit;

namespace FtActors.Node.Tests;

/// <summary>One node for the shell tests: named cn-shell, with one configured guest (g1, a 16 MiB sparse RAM file) and no spare.</summary>
public sealed class ShellNodeFixture : IAsyncLifetime
{
    private readonly string _ram = Path.Combine(Path.GetTempPath(), "ftactors-nodetest-ram-" + Guid.NewGuid().ToString("N"));

    public RunningNode Node { get; private set; } = null!;

    public string Url => Node.Admin.ToString();

    public async Task InitializeAsync()
    {
        await using (var f = File.Create(_ram))
        {
            f.SetLength(16 << 20);
        }

        Node = await RunningNode.StartAsync("cn-shell",
        [
            "ftactors.guests.static.0.name=g1",
            "ftactors.guests.static.0.qmp=/nonexistent/qmp.sock",
            "ftactors.guests.static.0.ram-file=" + _ram,
            "ftactors.node.link-rate=1gbit",
        ]);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        File.Delete(_ram);
    }
}
