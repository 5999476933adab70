namespace FtActors.Remoting.Framing;

/// <summary>
/// Sizes of the frame header and the largest frames a decoder accepts. A length above the limit is refused as
/// soon as its four bytes arrive, before anything is buffered or allocated for the frame.
/// </summary>
public static class FrameLimits
{
    /// <summary>Bytes of the length prefix (u32, little-endian, not counting itself).</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>Bytes from the start of a frame to its payload: length, 'F' 'T', version, type, correlation.</summary>
    public const int HeaderSize = 16;

    /// <summary>The smallest legal value of the length prefix: magic, version, type and correlation, no payload.</summary>
    public const int MinLength = HeaderSize - LengthPrefixSize;

    /// <summary>Largest length prefix of a control frame (handshake, heartbeat, message, disassociate): 256 KiB.</summary>
    public const int MaxControlFrame = 256 * 1024;

    /// <summary>Largest length prefix of a page-batch frame: 8 MiB, a batch of 1024 pages of 4 KiB plus its tables.</summary>
    public const int MaxPageFrame = 8 * 1024 * 1024;

    /// <summary>The only frame format version this build speaks.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Largest payload of a control frame.</summary>
    public const int MaxControlPayload = MaxControlFrame - MinLength;
}
