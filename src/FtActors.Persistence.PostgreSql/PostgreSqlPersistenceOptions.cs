using Npgsql;

namespace FtActors.Persistence.PostgreSql;

/// <summary>Settings of the PostgreSQL store, validated when an executor is created.</summary>
public sealed record PostgreSqlPersistenceOptions
{
    /// <summary>An Npgsql connection string (host, port, user, database; pooling on by default).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema the tables live in; it must exist. Null keeps the connection string's search path
    /// (normally <c>public</c>). Tests give each run its own schema so runs never see each other's rows.
    /// </summary>
    public string? Schema { get; init; }

    /// <summary>Checks every setting and throws with the setting's name, what was expected and what was found.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new PersistenceException("PostgreSqlPersistenceOptions.ConnectionString: expected an Npgsql connection string, found an empty value.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new PersistenceException($"PostgreSqlPersistenceOptions.ConnectionString: expected an Npgsql connection string, found one it rejects: {e.Message}", e);
        }

        if (Schema is not null && !IsPlainIdentifier(Schema))
        {
            throw new PersistenceException($"PostgreSqlPersistenceOptions.Schema: expected a lower-case identifier of letters, digits and '_' not starting with a digit, found '{Schema}'.");
        }
    }

    // Only plain identifiers: they need no quoting in search_path and cannot smuggle SQL into it.
    private static bool IsPlainIdentifier(string name)
    {
        if (name.Length is 0 or > 63 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
