using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Journal spec, SQLite, physical deletes.</summary>
public sealed class SqliteJournalSpecTests : KernelJournalSpec<SqliteEngine>;
