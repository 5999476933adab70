namespace FtActors.Store.Tests;

/// <summary>
/// The store changes the crash-safety test interrupts. Deterministic, so the parent can compute the
/// exact store each one must leave, and the killed child's store can be compared with it.
/// </summary>
internal static class CrashScenario
{
    public const string Add = "add";
    public const string Gc = "gc";
    public const string GcThenAdd = "gc-then-add";

    private static readonly DateTimeOffset ScanTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    /// <summary>Two guests sharing pages, and a re-scan of one that leaves pages only gc can drop.</summary>
    public static void PrepareBase(string dir)
    {
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(Seeds(1, 600, zeroEvery: 7)));
        TestData.Add(w, "b", new SelectionOptions(), TestData.Memory(Seeds(400, 1200, zeroEvery: 5)));
        w.Commit();
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(Seeds(2000, 2300, zeroEvery: 0)));
        w.Commit();
    }

    /// <summary>Runs one operation to completion (or until the crash point kills the process).</summary>
    public static void Run(string op, string dir)
    {
        using PageStoreWriter w = PageStoreWriter.Open(dir);
        switch (op)
        {
            case Add:
                w.AddScan("c", [new MemoryPageSource(TestData.Memory(Seeds(3000, 5500, zeroEvery: 11)))], new SelectionOptions(), ScanTime);
                w.Commit();
                break;
            case Gc:
                w.RemoveGuest("b");
                w.CollectGarbage();
                break;
            case GcThenAdd:
                // The second commit reuses the slots the first one freed: the case where a slot the
                // committed manifest no longer names is overwritten.
                w.RemoveGuest("b");
                w.CollectGarbage();
                w.AddScan("d", [new MemoryPageSource(TestData.Memory(Seeds(6000, 6900, zeroEvery: 0)))], new SelectionOptions(), ScanTime);
                w.Commit();
                break;
            default:
                throw new ArgumentException($"unknown crash scenario '{op}'", nameof(op));
        }
    }

    private static int[] Seeds(int from, int to, int zeroEvery) =>
        Enumerable.Range(from, to - from).Select(s => zeroEvery > 0 && s % zeroEvery == 0 ? 0 : s).ToArray();
}
