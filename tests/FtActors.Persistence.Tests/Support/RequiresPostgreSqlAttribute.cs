namespace FtActors.Persistence.Tests.Support;

/// <summary>
/// Marks a test class whose tests run against PostgreSQL. When no server is available
/// (<see cref="PostgreSqlTestServer.SkipReason"/>), <see cref="PostgreSqlAwareTestFramework"/> reports each of
/// its tests as skipped with that reason, including tests inherited from abstract conformance specs, which
/// a Skip on their [Fact] could not reach.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgreSqlAttribute : Attribute;
