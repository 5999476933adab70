using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>A fact that runs only where PostgreSQL 15's server binaries are installed (the test starts its own server).</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        Skip = MissingReason();
    }

    /// <summary>Why no PostgreSQL server can be started here, or null when one can.</summary>
    public static string? MissingReason()
    {
        var bin = Environment.GetEnvironmentVariable("FTACTORS_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        return File.Exists(Path.Combine(bin, "postgres"))
            ? null
            : $"expected PostgreSQL server binaries in {bin} (install postgresql-15 or set FTACTORS_PG_BIN), found none";
    }
}
