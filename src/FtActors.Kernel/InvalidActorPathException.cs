namespace FtActors.Kernel;

/// <summary>A string could not be parsed as an <see cref="ActorPath"/>.</summary>
public sealed class InvalidActorPathException : FtActorsException
{
    /// <summary>Creates the exception: at <paramref name="offset"/> of <paramref name="input"/>, <paramref name="expected"/> was expected.</summary>
    public InvalidActorPathException(string input, int offset, string expected)
        : base($"Actor path '{input}' is invalid at offset {offset}: expected {expected}, found {Describe(input, offset)}.")
    {
        Input = input;
        Offset = offset;
        Expected = expected;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Input { get; }

    /// <summary>Zero-based index where parsing stopped.</summary>
    public int Offset { get; }

    /// <summary>What the parser wanted at <see cref="Offset"/>.</summary>
    public string Expected { get; }

    private static string Describe(string input, int offset) =>
        offset >= input.Length ? "end of input" : $"'{input[offset]}'";
}
