using System.Net;
using System.Net.Sockets;

namespace FtActors.MultiNode.Tests;

/// <summary>Ports for node processes started by the tests.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A TCP port free on 127.0.0.1 right now (the kernel picks it for a listener that is closed again).
    /// Another process could take it before the node binds; in these tests nothing else competes for it.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
