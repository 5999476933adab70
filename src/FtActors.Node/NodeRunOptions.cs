namespace FtActors.Node;

/// <summary>The command-line side of a node run: where the configuration is, overrides, and the parent to watch.</summary>
/// <param name="ConfigPath">The HOCON file.</param>
/// <param name="Sets">Overrides, <c>key=value</c> with HOCON dotted keys.</param>
/// <param name="ParentPid">When set, the node stops once this process is gone (test harnesses pass their own pid).</param>
public sealed record NodeRunOptions(string ConfigPath, IReadOnlyList<string> Sets, int? ParentPid);
