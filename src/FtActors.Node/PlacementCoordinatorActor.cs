using System.Text.Json.Serialization;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The cluster singleton a node runs until the migration engineer's placement coordinator replaces it. It journals
/// one event per activation, so each new instance (after a handover or a restart) recovers how many ran before it
/// and logs it: the multi-process tests read that line to see that the singleton moved and its state survived.
/// </summary>
internal sealed class PlacementCoordinatorActor : PersistentActor
{
    private readonly string _address;
    private readonly ILogger _logger;
    private long _activations;

    public PlacementCoordinatorActor(string address, ILogger logger)
    {
        _address = address;
        _logger = logger;
    }

    public override string PersistenceId => "placement-coordinator";

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case CoordinatorActivated activated:
                _activations = activated.Activation;
                return true;
            case RecoveryCompleted:
                // Recording this activation is a command, not part of replay: it runs once per start.
                Self.Tell(new Activate(), Self);
                return true;
            default:
                return true;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        if (message is not Activate)
        {
            return false;
        }

        var recovered = _activations;
        Persist(new CoordinatorActivated(recovered + 1, _address), e =>
        {
            _activations = e.Activation;
            Log.CoordinatorActivated(_logger, _address, e.Activation, recovered);
        });
        return true;
    }

    private sealed record Activate;
}

/// <summary>Journal event: the placement coordinator started for the <paramref name="Activation"/>-th time, on <paramref name="Node"/>.</summary>
internal sealed record CoordinatorActivated(long Activation, string Node);

[JsonSerializable(typeof(CoordinatorActivated))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;
