namespace FtActors.Migration.Xen;

/// <summary>How a Xen image move ended at the spare.</summary>
/// <param name="Written">The image is in place at <paramref name="Output"/>, its digest confirmed by the sender.</param>
/// <param name="Reason">Why not, when not written (nothing is left behind then).</param>
/// <param name="Output">The image path.</param>
/// <param name="ImageBytes">Length of the image.</param>
/// <param name="Slots">Page slots in the image.</param>
/// <param name="PagesReceived">Pages that came over the wire.</param>
/// <param name="PagesFromStore">Pages read from the local store.</param>
/// <param name="RecordBytes">Bytes of records received.</param>
/// <param name="BytesOnWire">Bytes read from the page connection.</param>
/// <param name="ElapsedMs">Wall time from the hello to the end.</param>
public sealed record XenReceiveResult(
    bool Written, string? Reason, string Output, long ImageBytes, long Slots, long PagesReceived, long PagesFromStore, long RecordBytes, long BytesOnWire, double ElapsedMs);
