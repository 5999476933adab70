namespace FtActors.Migration.Wire;

/// <summary>The frame types of a page connection (byte 7 of the header). Unknown values are rejected.</summary>
public enum PageFrameType : byte
{
    /// <summary>Sender to receiver, first frame: protocol version, session and guest identity, RAM size (JSON).</summary>
    Hello = 1,

    /// <summary>Receiver to sender: the destination is prepared; store identity, held-hash count, device-state port (JSON).</summary>
    Welcome = 2,

    /// <summary>Receiver to sender: up to 65,536 hashes the destination store holds, 16 bytes each.</summary>
    HeldHashes = 3,

    /// <summary>Sender to receiver: a round begins; correlation is the round number, payload one byte (1 = final).</summary>
    RoundStart = 4,

    /// <summary>Sender to receiver: one batch of up to 1024 consecutive frames; correlation is the batch sequence number.</summary>
    Batch = 5,

    /// <summary>Sender to receiver: the round's last batch was sent; correlation is the round, payload the batch count (u64).</summary>
    RoundEnd = 6,

    /// <summary>Receiver to sender: every batch of the round is written to the RAM file; correlation is the round.</summary>
    RoundDone = 7,

    /// <summary>Receiver to sender: the batch with this sequence number is written; returns one credit.</summary>
    Ack = 8,

    /// <summary>Sender to receiver: device state has moved; resume the destination (payload one byte: 1 = resume, 0 = leave paused).</summary>
    Commit = 9,

    /// <summary>Receiver to sender: the destination runs (or waits paused, as asked); payload its run state (UTF-8).</summary>
    Committed = 10,

    /// <summary>Either side: the session is over without a commit; payload the reason (UTF-8).</summary>
    Abort = 11,

    /// <summary>Sender to receiver: hash the whole destination RAM file and reply with <see cref="Digest"/>.</summary>
    Verify = 12,

    /// <summary>Receiver to sender: a 16-byte digest over every page hash of the destination RAM file.</summary>
    Digest = 13,

    /// <summary>Store feed, VmActor to spare: first frame; guest name and RAM size (JSON). See docs/protocol.md "Store feed".</summary>
    FeedHello = 32,

    /// <summary>Store feed, spare to VmActor: store identity and how many held hashes follow (JSON).</summary>
    FeedWelcome = 33,

    /// <summary>Store feed, spare to VmActor: up to 65,536 hashes the spare's store holds, 16 bytes each.</summary>
    FeedHeld = 34,

    /// <summary>Store feed, VmActor to spare: u32 count, then count x (16-byte hash, 4096-byte page); correlation is the sequence number.</summary>
    FeedPages = 35,

    /// <summary>Store feed, spare to VmActor: the pages (or map) with this sequence number are committed to the store.</summary>
    FeedAck = 36,

    /// <summary>Store feed, VmActor to spare: part of the guest's frame map, u32 count then count x 29-byte entries; correlation is the map's sequence number.</summary>
    FeedMap = 37,

    /// <summary>Store feed, VmActor to spare: the map is complete (payload: u64 scans, i64 scan time ms); the spare replaces the guest's map and commits.</summary>
    FeedMapEnd = 38,

    /// <summary>Store feed, either side: the feed is over because of an error; payload the reason (UTF-8).</summary>
    FeedAbort = 39,

    /// <summary>Xen image move, sender to receiver, first frame: image size, slot and run counts, record bytes (JSON). See docs/protocol.md "Xen save image moves".</summary>
    XenHello = 40,

    /// <summary>Xen image move, sender to receiver: u32 count, then count x (u64 file offset, u32 pages) page runs; correlation is the index of the first run.</summary>
    XenLayout = 41,

    /// <summary>Xen image move, sender to receiver: image bytes outside the page runs (headers, records), verbatim; correlation is their file offset.</summary>
    XenRecords = 42,
}
