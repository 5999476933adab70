using System.Diagnostics.CodeAnalysis;

namespace FtActors.Config;

/// <summary>The JSON type of a HOCON value.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The JSON type names, as System.Text.Json.JsonValueKind uses.")]
public enum HoconValueKind
{
    /// <summary>A substitution, concatenation or pending merge; only seen before resolution, never in a resolved tree.</summary>
    Unresolved,

    /// <summary>An object of named fields.</summary>
    Object,

    /// <summary>An ordered list of values.</summary>
    Array,

    /// <summary>A quoted, unquoted or concatenated string.</summary>
    String,

    /// <summary>A number, kept as the text it was written with.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>The <c>null</c> value.</summary>
    Null,
}
