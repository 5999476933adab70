using System.Text.Json.Serialization;

namespace FtActors.Migration.Wire;

/// <summary>
/// The first frame of a session: who is moving and what the destination QEMU must look like. QEMU needs
/// the same machine type and memory size on both ends; the workload fields rebuild the same command line.
/// </summary>
/// <param name="ProtocolVersion">The sender's page protocol version.</param>
/// <param name="SessionId">A fresh id per session, quoted in both sides' logs.</param>
/// <param name="Guest">The guest's name.</param>
/// <param name="MemoryMiB">Guest RAM; the RAM file is exactly this size.</param>
/// <param name="Machine">QEMU machine type, e.g. <c>pc</c>.</param>
/// <param name="Workload">The lab workload on the kernel command line.</param>
/// <param name="Mb">Workload size.</param>
/// <param name="VectorKb">Workload vector size.</param>
/// <param name="Iterations">Workload iteration bound (0: unbounded).</param>
/// <param name="StoreId">The store identity the sender expects (empty: any); the receiver refuses another.</param>
public sealed record SessionHello(
    int ProtocolVersion, Guid SessionId, string Guest, int MemoryMiB, string Machine, string Workload, int Mb, int VectorKb, long Iterations, Guid StoreId)
{
    /// <summary>
    /// Which page connection of the session this is: 0 opens the session (the receiver prepares the destination
    /// and declares its store on it); 1..<see cref="Lanes"/>-1 join it and carry batches of their frame range only.
    /// </summary>
    public int Lane { get; init; }

    /// <summary>Page connections the session uses in all (absent in a hello from an older sender: 1).</summary>
    public int Lanes { get; init; } = 1;
}

/// <summary>The receiver's answer once the destination QEMU waits for device state.</summary>
/// <param name="StoreId">The destination store's id (empty when the spare has no store).</param>
/// <param name="StoreGeneration">The store generation whose hashes follow.</param>
/// <param name="HeldCount">How many hashes the following <see cref="PageFrameType.HeldHashes"/> frames carry.</param>
/// <param name="DevicePort">TCP port the destination QEMU listens on for the device state.</param>
/// <param name="DeviceAddress">Address of that port.</param>
/// <param name="Destination">The destination guest's name on the spare.</param>
public sealed record SessionWelcome(Guid StoreId, ulong StoreGeneration, long HeldCount, int DevicePort, string DeviceAddress, string Destination)
{
    /// <summary>Milliseconds the receiver spent starting the destination QEMU before this welcome (0 on a joining lane).</summary>
    public double DestinationStartMs { get; init; }
}

/// <summary>Source-generated JSON for the control frames of page connections.</summary>
[JsonSerializable(typeof(SessionHello))]
[JsonSerializable(typeof(SessionWelcome))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class PageWireJsonContext : JsonSerializerContext;
