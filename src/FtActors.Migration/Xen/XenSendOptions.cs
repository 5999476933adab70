using FtActors.Remoting;

namespace FtActors.Migration.Xen;

/// <summary>Where and how <see cref="XenImageSender"/> moves one save image.</summary>
public sealed record XenSendOptions
{
    /// <summary>The save image to move.</summary>
    public required string Image { get; init; }

    /// <summary>The receiver's address.</summary>
    public required string Host { get; init; }

    /// <summary>The receiver's port.</summary>
    public required int Port { get; init; }

    /// <summary>Mutual TLS on the page connection; null for plain TCP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>The store identity the receiver must have (empty: any).</summary>
    public Guid StoreId { get; init; }

    /// <summary>Most batches sent and not yet acknowledged (as a RAM migration: 16, about 64 MiB).</summary>
    public int CreditWindow { get; init; } = 16;

    /// <summary>How long an ack, a reply or a blocked write may take before the move is given up.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
