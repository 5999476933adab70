using Akka.Actor;
using FtActors.Serialization;

namespace FtActors.Migration.Session;

/// <summary>The session's journal events as JSON under stable manifests (bound in hocon/reference.conf).</summary>
public sealed class MigrationEventSerializer(ExtendedActorSystem system) : JsonEventSerializer(system,
[
    ("migration-started", MigrationJsonContext.Default.MigrationStarted),
    ("migration-round-done", MigrationJsonContext.Default.MigrationRoundDone),
    ("migration-committed", MigrationJsonContext.Default.MigrationCommitted),
    ("migration-aborted", MigrationJsonContext.Default.MigrationAborted),
])
{
    /// <inheritdoc />
    public override int Identifier => 9101;
}
