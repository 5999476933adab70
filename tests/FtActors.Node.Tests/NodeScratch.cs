using FtActors.TestKit;

namespace FtActors.Node.Tests;

/// <summary>
/// A temporary directory for node tests, removed on dispose, and the static guest the node tests give a node:
/// a sparse 16 MiB RAM file and a QMP socket that does not exist (the node lists the guest, registers it for
/// upkeep and can start a migration of it, which then fails or aborts early; no QEMU is needed).
/// </summary>
internal sealed class NodeScratch : IDisposable
{
    public NodeScratch(string prefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        RamFile = Path("ram");
        using var f = File.Create(RamFile);
        f.SetLength(16 << 20);
    }

    public string Directory { get; }

    /// <summary>The static guest's RAM file.</summary>
    public string RamFile { get; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>The <c>--set</c> lines that give a node the static guest <paramref name="name"/>.</summary>
    public string[] StaticGuest(string name) =>
    [
        "ftactors.guests.static.0.name=" + name,
        "ftactors.guests.static.0.qmp=/nonexistent/qmp.sock",
        "ftactors.guests.static.0.ram-file=" + RamFile,
    ];

    public void Dispose() => TestCleanup.DeleteDirectory(Directory);
}
