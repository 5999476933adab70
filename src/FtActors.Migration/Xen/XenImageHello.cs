using System.Text.Json.Serialization;

namespace FtActors.Migration.Xen;

/// <summary>
/// The first frame of a Xen image move (<see cref="Wire.PageFrameType.XenHello"/>): what the receiver must
/// rebuild. The receiver checks every later frame against these totals.
/// </summary>
/// <param name="ProtocolVersion">The sender's page protocol version.</param>
/// <param name="SessionId">A fresh id per move, quoted in both sides' logs.</param>
/// <param name="Image">The source image's file name (for reports; the receiver writes where it was told).</param>
/// <param name="Format">The reader's name of the image format (<c>xen-xl</c>, <c>xen-libxl</c>, <c>xen-libxc</c>, <c>xen-legacy</c>).</param>
/// <param name="ImageBytes">Length of the image file.</param>
/// <param name="Slots">Page slots in the image (pages in all runs).</param>
/// <param name="Runs">Page runs the XenLayout frames carry.</param>
/// <param name="RecordBytes">Bytes outside the runs the XenRecords frames carry.</param>
/// <param name="StoreId">The store identity the sender expects (empty: any); the receiver refuses another.</param>
public sealed record XenImageHello(
    int ProtocolVersion, Guid SessionId, string Image, string Format, long ImageBytes, long Slots, long Runs, long RecordBytes, Guid StoreId);

/// <summary>Source-generated JSON for the Xen image move's hello.</summary>
[JsonSerializable(typeof(XenImageHello))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class XenWireJsonContext : JsonSerializerContext;
