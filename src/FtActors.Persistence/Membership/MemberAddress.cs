using System.Globalization;

namespace FtActors.Persistence.Membership;

/// <summary>
/// One incarnation of a node: its endpoint plus the incarnation number it chose at start. A node that restarts
/// on the same host and port picks a larger incarnation, so it is a new member and messages or votes meant for
/// the old one can be told apart and dropped.
/// </summary>
/// <param name="Host">Host name or IP the node listens on.</param>
/// <param name="Port">TCP port, 1–65535.</param>
/// <param name="Incarnation">The generation; larger means a later start of the same endpoint.</param>
public readonly record struct MemberAddress(string Host, int Port, long Incarnation)
{
    /// <summary>Formats as <c>host:port#incarnation</c>, the form log lines use.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}#{Incarnation}");
}
