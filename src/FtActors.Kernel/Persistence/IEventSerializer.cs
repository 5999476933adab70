namespace FtActors.Kernel.Persistence;

/// <summary>
/// Turns events and snapshots into (manifest, format version, bytes) and back, so journals store plain bytes
/// and never CLR type names.
/// </summary>
public interface IEventSerializer
{
    /// <summary>Serializes <paramref name="value"/>.</summary>
    /// <exception cref="EventTypeNotRegisteredException">The value's type has no manifest.</exception>
    SerializedPayload Serialize(object value);

    /// <summary>Reads a payload back.</summary>
    /// <exception cref="UnknownEventManifestException">No type is registered for the manifest and version.</exception>
    /// <exception cref="EventPayloadException">The bytes are not valid for the registered type.</exception>
    object Deserialize(string manifest, int formatVersion, ReadOnlySpan<byte> payload);
}
