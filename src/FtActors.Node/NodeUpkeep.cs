using Akka.Actor;
using FtActors.Upkeep;

namespace FtActors.Node;

/// <summary>What the node actor needs to run upkeep for its guests.</summary>
/// <param name="Coordinator">The placement coordinator singleton's proxy.</param>
/// <param name="Self">This node's name in placement (host:port of its cluster address).</param>
/// <param name="Settings">Scan interval, budgets, selection policy.</param>
/// <param name="FeedPort">The port every spare's store feed listens on.</param>
/// <param name="Picker">Learns each placement the coordinator answers, so migrations go to the fed spare.</param>
/// <param name="SpareCapacity">Room for pre-deployed pages this node offers as a spare (announced to the coordinator); 0 on a node that keeps no store.</param>
public sealed record NodeUpkeep(IActorRef Coordinator, string Self, UpkeepSettings Settings, int FeedPort, CoordinatorSparePicker Picker, long SpareCapacity);
