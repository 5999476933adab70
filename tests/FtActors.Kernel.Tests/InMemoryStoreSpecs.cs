using FtActors.Kernel.Persistence;
using FtActors.TestKit;

namespace FtActors.Kernel.Tests;

public class InMemoryJournalSpecTests : JournalSpec
{
    protected override IJournal CreateJournal() => new InMemoryJournal();
}

public class InMemorySnapshotStoreSpecTests : SnapshotStoreSpec
{
    protected override ISnapshotStore CreateStore() => new InMemorySnapshotStore();
}
