namespace FtActors.Persistence;

/// <summary>
/// A value read from the database does not decode: a column holds something this build never writes (a
/// hand edit, a bug in another writer, a newer build's format). Names the table, column and row so the
/// operator can find it.
/// </summary>
public sealed class StoredDataException : PersistenceException
{
    /// <summary>Creates the exception for the value in <paramref name="table"/>.<paramref name="column"/> of row <paramref name="rowKey"/>.</summary>
    /// <param name="table">The table read.</param>
    /// <param name="column">The column whose value failed to decode.</param>
    /// <param name="rowKey">The row's key, in a readable form.</param>
    /// <param name="detail">What was expected and what was found, with the offset inside the value when known.</param>
    /// <param name="innerException">The decoder's own error, if any.</param>
    public StoredDataException(string table, string column, string rowKey, string detail, Exception? innerException = null)
        : base($"{table}.{column} of row {rowKey}: {detail}", innerException)
    {
        Table = table;
        Column = column;
        RowKey = rowKey;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StoredDataException()
        : base("A stored value does not decode.")
    {
        Table = Column = RowKey = string.Empty;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StoredDataException(string message)
        : base(message)
    {
        Table = Column = RowKey = string.Empty;
    }

    /// <summary>Creates the exception with a custom message and cause.</summary>
    public StoredDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Table = Column = RowKey = string.Empty;
    }

    /// <summary>The table the value came from.</summary>
    public string Table { get; }

    /// <summary>The column the value came from.</summary>
    public string Column { get; }

    /// <summary>The row's key, readable (e.g. <c>host:port#incarnation</c>).</summary>
    public string RowKey { get; }
}
