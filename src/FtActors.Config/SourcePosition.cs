namespace FtActors.Config;

/// <summary>Where a token or value was written; line 0 means "not from text".</summary>
internal readonly record struct SourcePosition(string? File, int Line, int Column)
{
    public static readonly SourcePosition None = new(null, 0, 0);
}
