namespace FtActors.Kernel;

/// <summary>A scheduled action that can still be called off.</summary>
public interface ICancelable
{
    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Stops future runs; a run already under way is not interrupted.</summary>
    void Cancel();
}
