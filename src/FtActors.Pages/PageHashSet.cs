namespace FtActors.Pages;

/// <summary>
/// An immutable set of page hashes, built by one engine (<see cref="IPageBatchEngine.CreateHashSet"/>) and
/// usable only with that engine: the native engine's set lives in native memory. Typically the hashes a
/// destination page store holds, consulted for every page the streamer sends.
/// </summary>
public abstract class PageHashSet : IDisposable
{
    /// <summary>Distinct hashes in the set.</summary>
    public abstract long Count { get; }

    /// <summary>The <see cref="IPageEngine.Name"/> of the engine that built this set.</summary>
    public abstract string EngineName { get; }

    /// <summary>Whether <paramref name="hash"/> is in the set.</summary>
    public abstract bool Contains(PageHash hash);

    /// <summary>Frees the set's memory; the native set frees its native table here.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; <paramref name="disposing"/> is false only from a finaliser.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    internal static ArgumentException WrongEngine(PageHashSet set, string engine, string paramName = "held") =>
        new($"Expected a hash set built by the {engine} engine but found one built by the {set.EngineName} engine.", paramName);
}
