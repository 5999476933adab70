using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Membership;

/// <summary>The membership table conformance spec on SQLite.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableSpec<SqliteEngine>;
