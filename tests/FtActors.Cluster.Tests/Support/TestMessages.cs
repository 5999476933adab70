using System.Collections.Immutable;
using System.Text.Json.Serialization;
using FtActors.Cluster.PubSub;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Remoting.Serialization;

namespace FtActors.Cluster.Tests.Support;

public sealed record AddItem(string Id);

public sealed record GetItems;

public sealed record Items(int Count, string Node);

public sealed record ItemAdded(string Id);

public sealed record HealthEvent(string Node, string Text);

[JsonSerializable(typeof(AddItem))]
[JsonSerializable(typeof(GetItems))]
[JsonSerializable(typeof(Items))]
[JsonSerializable(typeof(ItemAdded))]
[JsonSerializable(typeof(HealthEvent))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

public static class TestMessages
{
    public static MessageRegistry Registry() =>
        ClusterMessages.Register(new MessageRegistry())
            .Register("test.add-item", 1, TestJsonContext.Default.AddItem)
            .Register("test.get-items", 1, TestJsonContext.Default.GetItems)
            .Register("test.items", 1, TestJsonContext.Default.Items)
            .Register("test.health", 1, TestJsonContext.Default.HealthEvent);

    public static EventSerializerRegistry Serializer() =>
        new EventSerializerRegistry()
            .Register("test.item-added", TestJsonContext.Default.ItemAdded)
            .Register("test.health", TestJsonContext.Default.HealthEvent);
}

/// <summary>A persistent singleton: a set of item ids (idempotent adds), journalled so it survives handover.</summary>
public sealed class ItemLedgerActor : PersistentActor
{
    private readonly string _node;
    private ImmutableHashSet<string> _items = [];

    public ItemLedgerActor(string node) => _node = node;

    public override string PersistenceId => "test-item-ledger";

    protected override bool ReceiveRecover(object message)
    {
        if (message is ItemAdded added)
        {
            _items = _items.Add(added.Id);
        }

        return true;
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case AddItem add when _items.Contains(add.Id):
                Sender.Tell(new Items(_items.Count, _node), Self);
                return true;
            case AddItem add:
                var sender = Sender;
                Persist(new ItemAdded(add.Id), e =>
                {
                    _items = _items.Add(e.Id);
                    sender.Tell(new Items(_items.Count, _node), Self);
                });
                return true;
            case GetItems:
                Sender.Tell(new Items(_items.Count, _node), Self);
                return true;
            default:
                return false;
        }
    }
}
