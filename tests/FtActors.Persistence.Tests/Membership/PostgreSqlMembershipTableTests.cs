using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Membership;

/// <summary>The membership table conformance spec on PostgreSQL.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlMembershipTableTests : MembershipTableSpec<PostgreSqlEngine>;
