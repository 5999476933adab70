using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Persistence;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The cluster singleton every node starts: it hosts the upkeep's <see cref="Upkeep.PlacementCoordinator"/> as its
/// child (which spare pre-deploys which guest, journaled under its own stream) and forwards every placement message
/// to it with the original sender. Beside that it journals one event per activation, so each new instance (after a
/// handover or a restart) recovers how many ran before it and logs it: the multi-process tests read that line to
/// see that the singleton moved and its state survived.
/// </summary>
internal sealed class PlacementCoordinatorActor : PersistentActor
{
    private readonly string _address;
    private readonly ILogger _logger;
    private readonly Props? _placement;
    private IActorRef? _coordinator;
    private long _activations;

    public PlacementCoordinatorActor(string address, ILogger logger, Props? placement = null)
    {
        _address = address;
        _logger = logger;
        _placement = placement;
    }

    /// <summary>The journal stream of the hosted placement coordinator (apart from the activation count's).</summary>
    public const string PlacementPersistenceId = "placement-guests";

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        if (_placement is not null)
        {
            _coordinator = Context.ActorOf(_placement, "placement");
        }
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
        if (message is Upkeep.IPlacementMessage)
        {
            if (_coordinator is null)
            {
                // No placement engine configured: say so with an empty answer rather than leave the asker waiting.
                if (message is Upkeep.GetPlacement g)
                {
                    Sender.Tell(new Upkeep.Placement(g.Guest, null, 0));
                }

                return true;
            }

            _coordinator.Tell(message, Sender);
            return true;
        }

        if (message is not Activate)
        {
            return false;
        }

        var recovered = _activations;
        Persist(new CoordinatorActivated(recovered + 1, _address), e =>
        {
            _activations = e.Activation;
            LogMessages.CoordinatorActivated(_logger, _address, e.Activation, recovered);
        });
        return true;
    }

    private sealed record Activate;
}

/// <summary>Journal event: the placement coordinator started for the <paramref name="Activation"/>-th time, on <paramref name="Node"/>.</summary>
internal sealed record CoordinatorActivated(long Activation, string Node);

[JsonSerializable(typeof(CoordinatorActivated))]
[JsonSerializable(typeof(MigrationRecorded))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;
