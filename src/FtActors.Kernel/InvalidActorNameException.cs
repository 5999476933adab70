namespace FtActors.Kernel;

/// <summary>An actor name is empty, reserved, contains a character a path cannot carry, or is already taken.</summary>
public sealed class InvalidActorNameException : FtActorsException
{
    /// <summary>Creates the exception for <paramref name="name"/>; <paramref name="offset"/> is the bad character's index or -1.</summary>
    public InvalidActorNameException(string name, int offset, string problem)
        : base(offset >= 0
            ? $"Actor name '{name}' is invalid at offset {offset}: {problem}."
            : $"Actor name '{name}' is invalid: {problem}.")
    {
        Name = name;
        Offset = offset;
    }

    /// <summary>The rejected name.</summary>
    public string Name { get; }

    /// <summary>Index of the offending character, or -1 when the whole name is the problem.</summary>
    public int Offset { get; }
}
