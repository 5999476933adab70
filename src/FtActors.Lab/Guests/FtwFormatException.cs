namespace FtActors.Lab.Guests;

/// <summary>A line that had to be an ftw line was not.</summary>
public sealed class FtwFormatException : LabException
{
    public FtwFormatException()
    {
        Expected = Found = string.Empty;
    }

    public FtwFormatException(string message)
        : base(message)
    {
        Expected = Found = string.Empty;
    }

    public FtwFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expected = Found = string.Empty;
    }

    public FtwFormatException(string expected, string found, int column)
        : base($"bad ftw line: expected {expected}, found {found} at column {column}")
    {
        Expected = expected;
        Found = found;
        Column = column;
    }

    /// <summary>What the line should have had.</summary>
    public string Expected { get; }

    /// <summary>What it had.</summary>
    public string Found { get; }

    /// <summary>1-based column of the fault.</summary>
    public int Column { get; }
}
