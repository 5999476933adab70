using FtActors.Kernel;

namespace FtActors.Kernel.Tests;

/// <summary>Replies to every message with the same message.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>Forwards every message to a probe, so a test sees what the actor saw and in which order.</summary>
internal sealed class ForwardActor : UntypedActor
{
    private readonly IActorRef _target;

    public ForwardActor(IActorRef target) => _target = target;

    protected override void OnReceive(object message) => _target.Tell(message, Sender);
}

/// <summary>A counter whose state a restart resets; "fail" throws, "count" reports, anything else increments.</summary>
internal sealed class CountingActor : ReceiveActor
{
    private int _count;

    public CountingActor(IActorRef probe)
    {
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("asked to fail"));
        Receive<string>(s => s == "count", _ => probe.Tell(_count));
        Receive<string>(s => s.StartsWith("report:", StringComparison.Ordinal), s => probe.Tell($"{s[7..]}@{_count}"));
        ReceiveAny(_ => _count++);
    }
}

/// <summary>Reports its life-cycle hooks to a probe.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
        ReceiveAny(m => probe.Tell(m));
    }

    protected override void PreStart() => _probe.Tell("PreStart");

    protected override void PostStop() => _probe.Tell("PostStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"PreRestart:{message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell("PostRestart");
        base.PostRestart(reason);
    }
}

/// <summary>A parent that creates children on request and supervises them with a given strategy.</summary>
internal sealed class SupervisorActor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public SupervisorActor(SupervisorStrategy strategy)
    {
        _strategy = strategy;
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
    }

    protected override SupervisorStrategy? SupervisorStrategy => _strategy;

    public sealed record CreateChild(Props Props, string Name);
}
