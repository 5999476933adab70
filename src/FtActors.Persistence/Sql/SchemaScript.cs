namespace FtActors.Persistence.Sql;

/// <summary>One versioned DDL file of a dialect, e.g. <c>Schema/sqlite/0001_initial.sql</c>.</summary>
/// <param name="Version">The number the file name starts with; scripts apply in this order, each once.</param>
/// <param name="Name">The resource name, for log lines and errors.</param>
/// <param name="Sql">The statements, run as one batch inside the migration transaction.</param>
public sealed record SchemaScript(int Version, string Name, string Sql);
