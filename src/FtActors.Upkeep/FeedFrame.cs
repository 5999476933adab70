using FtActors.Migration.Wire;

namespace FtActors.Upkeep;

/// <summary>One decoded store-feed frame. The payload is a private copy, so the frame can cross actors freely.</summary>
/// <param name="Type">Frame type (32-39).</param>
/// <param name="Correlation">Sequence number for pages, maps and acks; 0 otherwise.</param>
/// <param name="Payload">The payload bytes.</param>
public sealed record FeedFrame(PageFrameType Type, ulong Correlation, byte[] Payload);
