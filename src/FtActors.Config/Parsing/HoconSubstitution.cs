namespace FtActors.Config.Parsing;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c> awaiting resolution. Substitutions from an included file carry
/// the fixed-up path (prefixed with where the file was included) and the original as a fallback.
/// </summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(string[] path, bool optional, string expression, SourcePosition position)
        : base(HoconValueKind.Unresolved, position)
    {
        Path = path;
        Optional = optional;
        Expression = expression;
    }

    /// <summary>The absolute path looked up first.</summary>
    public string[] Path { get; set; }

    /// <summary>The path as written in an included file, tried when <see cref="Path"/> is not found.</summary>
    public string[]? FallbackPath { get; set; }

    public bool Optional { get; }

    /// <summary>The substitution as written, for error messages.</summary>
    public string Expression { get; }

    /// <summary>
    /// True when the substitution refers to the field being defined (or below it): it then looks
    /// back at the value that field had before this definition instead of forward at the final one.
    /// </summary>
    public bool IsSelfReference { get; private set; }

    /// <summary>The earlier value to look back at; null when the field had no earlier value.</summary>
    public HoconValue? Previous { get; private set; }

    /// <summary>Keys to follow inside <see cref="Previous"/>.</summary>
    public string[] PreviousRemainder { get; private set; } = [];

    public void BindToPrevious(HoconValue? previous, string[] remainder)
    {
        IsSelfReference = true;
        Previous = previous;
        PreviousRemainder = remainder;
    }
}
