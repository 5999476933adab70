using System.Globalization;

namespace FtActors.Lab.Topologies;

/// <summary>Whether this process may create namespaces and qdiscs.</summary>
public static class Privileges
{
    /// <summary>True when the effective user id is 0 (read from /proc/self/status, no P/Invoke needed).</summary>
    public static bool IsRoot
    {
        get
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        var f = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries);
                        return f.Length > 1 && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var euid) && euid == 0;
                    }
                }
            }
            catch (IOException)
            {
                // No /proc: not Linux, so certainly no namespaces.
            }

            return false;
        }
    }

    /// <summary>Throws unless root.</summary>
    /// <exception cref="TopologyException">Not root.</exception>
    public static void RequireRoot(string what)
    {
        if (!IsRoot)
        {
            throw new TopologyException($"{what} needs root (network namespaces, veth and tc): run it as root or with sudo");
        }
    }
}
