using Akka.Actor;
using FtActors.Serialization;

namespace FtActors.Node;

/// <summary>The node's own journal events (coordinator activations, finished migrations) as JSON under stable manifests.</summary>
public sealed class NodeEventSerializer(ExtendedActorSystem system) : JsonEventSerializer(system,
[
    ("ft.node.coordinator-activated", NodeJsonContext.Default.CoordinatorActivated),
    ("ft.node.migration-recorded", NodeJsonContext.Default.MigrationRecorded),
])
{
    /// <inheritdoc />
    public override int Identifier => 9103;
}
