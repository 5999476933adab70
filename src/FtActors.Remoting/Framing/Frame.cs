using System.Buffers;

namespace FtActors.Remoting.Framing;

/// <summary>
/// One decoded frame. <see cref="Payload"/> is a slice of the buffer the decoder was given, not a copy: it is
/// valid only until the caller advances the pipe past it, so handlers decode it before returning.
/// </summary>
/// <param name="Version">Frame format version (always <see cref="FrameLimits.CurrentVersion"/> after decoding).</param>
/// <param name="Type">What the frame carries.</param>
/// <param name="Correlation">Sender-chosen 64-bit number: heartbeat sequence, or 0 when unused.</param>
/// <param name="Payload">The bytes after the 16-byte header.</param>
/// <param name="Offset">Stream offset of the frame's first byte, for error messages.</param>
public readonly record struct Frame(byte Version, FrameType Type, ulong Correlation, ReadOnlySequence<byte> Payload, long Offset);
