namespace FtActors.Kernel;

/// <summary>The actor inside the root, user and system guardians: it handles nothing and only supervises.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}
