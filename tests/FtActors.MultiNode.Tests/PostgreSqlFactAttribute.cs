using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>A fact that runs only where PostgreSQL 15's server binaries are installed (the test starts its own server).</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        var bin = Environment.GetEnvironmentVariable("FTACTORS_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "postgres")))
        {
            Skip = $"expected PostgreSQL server binaries in {bin} (install postgresql-15 or set FTACTORS_PG_BIN), found none";
        }
    }
}
