namespace FtActors.Kernel;

/// <summary>
/// An actor with one <see cref="OnReceive"/> method that sees every message; call <c>Unhandled(message)</c> for
/// the ones it does not understand.
/// </summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles one message.</summary>
    protected abstract void OnReceive(object message);

    /// <summary>Replaces the behaviour with <paramref name="handler"/> (which sees every message).</summary>
    protected void Become(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Context.Become(m =>
        {
            handler(m);
            return true;
        });
    }

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
