namespace FtActors.Kernel.Persistence;

/// <summary>A serialized event or snapshot.</summary>
/// <param name="Manifest">Stable name of the type.</param>
/// <param name="FormatVersion">Version of the format.</param>
/// <param name="Payload">The bytes.</param>
public readonly record struct SerializedPayload(string Manifest, int FormatVersion, ReadOnlyMemory<byte> Payload);
