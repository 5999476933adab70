using FtActors.Lab.Topologies;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// A fact whose node processes run in network namespaces of a lab topology with a PostgreSQL server in one of
/// them: it needs root (namespaces, veths, tc), the <c>ip</c> tool and the PostgreSQL binaries. xunit 2 has no
/// dynamic skip, so the reason is decided when the attribute is built.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        Skip = MissingReason();
    }

    /// <summary>Why namespaced clusters cannot run here, or null when they can.</summary>
    public static string? MissingReason()
    {
        if (!Privileges.IsRoot)
        {
            return "network namespaces need root: run the tests as root (CI does) to run the namespaced cluster scenarios";
        }

        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
        {
            return "expected the `ip` tool (iproute2) for network namespaces, found none";
        }

        return PostgreSqlFactAttribute.MissingReason();
    }
}
