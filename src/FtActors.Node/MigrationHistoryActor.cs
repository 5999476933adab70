using System.Collections.Immutable;
using FtActors.Admin;
using Akka.Actor;
using Akka.Persistence;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The node actor's journal of finished migrations, under <c>node-migrations/&lt;node&gt;</c>: each migration that
/// ends (committed or aborted) is one <see cref="MigrationRecorded"/> event. On start it replays them and hands the
/// newest <see cref="Kept"/> to its parent, so <c>ftactors migrations</c> still lists past moves after the node
/// process restarts. Running migrations are not journaled: a session does not survive its process (the guest stays
/// on the source, see docs/migration.md), so after a restart there is nothing running to show.
/// </summary>
internal sealed class MigrationHistoryActor : PersistentActor
{
    /// <summary>How many past migrations a node lists after a restart.</summary>
    public const int Kept = 100;

    private readonly string _node;
    private readonly ILogger _logger;
    private readonly Queue<MigrationView> _past = new();

    public MigrationHistoryActor(string node, ILogger logger)
    {
        _node = node;
        _logger = logger;
    }

    public override string PersistenceId => "node-migrations/" + _node;

    public static Props Props(string node, ILogger logger) => Akka.Actor.Props.Create(() => new MigrationHistoryActor(node, logger));

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case MigrationRecorded r:
                Keep(r.Migration);
                return true;
            case RecoveryCompleted:
                LogMessages.MigrationHistoryRecovered(_logger, _past.Count, PersistenceId);
                Context.Parent.Tell(new PastMigrations([.. _past]), Self);
                return true;
            default:
                return true;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        if (message is not MigrationRecorded recorded)
        {
            return false;
        }

        Persist(recorded, e =>
        {
            Keep(e.Migration);
            LogMessages.MigrationRecorded(_logger, e.Migration.Id, e.Migration.Guest, e.Migration.Outcome ?? "?", LastSequenceNr);
        });
        return true;
    }

    private void Keep(MigrationView m)
    {
        _past.Enqueue(m);
        if (_past.Count > Kept)
        {
            _past.Dequeue();
        }
    }
}

/// <summary>Journal event: a migration of this node ended as <paramref name="Migration"/> says.</summary>
internal sealed record MigrationRecorded(MigrationView Migration);

/// <summary>The history actor's answer after recovery: past migrations, oldest first.</summary>
internal sealed record PastMigrations(ImmutableArray<MigrationView> Migrations);
