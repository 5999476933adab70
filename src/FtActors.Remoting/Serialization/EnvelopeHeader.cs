using System.Buffers;

namespace FtActors.Remoting.Serialization;

/// <summary>
/// The decoded front of a <c>Message</c> frame: who it is for, who sent it, and what it is. The body stays a
/// slice of the frame until the registry has vouched for <see cref="Manifest"/>.
/// </summary>
/// <param name="RecipientIncarnation">Incarnation of the receiving node the sender meant, 0 for any.</param>
/// <param name="SenderIncarnation">Incarnation of the node the sender actor lives on.</param>
/// <param name="Recipient">Full path of the recipient.</param>
/// <param name="Sender">Full path of the sender, or null for no sender.</param>
/// <param name="Manifest">Message name and version, <c>name/version</c>.</param>
/// <param name="Body">The JSON body.</param>
internal readonly record struct EnvelopeHeader(
    long RecipientIncarnation,
    long SenderIncarnation,
    string Recipient,
    string? Sender,
    string Manifest,
    ReadOnlySequence<byte> Body);
