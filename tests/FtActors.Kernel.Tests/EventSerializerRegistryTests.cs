using FsCheck;
using FsCheck.Fluent;
using FtActors.Kernel.Persistence;
using Xunit;

namespace FtActors.Kernel.Tests;

public class EventSerializerRegistryTests
{
    private static EventSerializerRegistry Registry() =>
        new EventSerializerRegistry().Register<ValueAdded>("value-added").Register<int[]>("list-state");

    [Fact]
    public void Serialize_ThenDeserialize_ReturnsEqualEvent()
    {
        var registry = Registry();
        Prop.ForAll<int, string>((value, note) =>
        {
            var original = new ValueAdded(value, note ?? string.Empty);
            var payload = registry.Serialize(original);
            return payload.Manifest == "value-added" && payload.FormatVersion == 1
                && registry.Deserialize(payload.Manifest, payload.FormatVersion, payload.Payload.Span).Equals(original);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Deserialize_MutatedPayload_ReturnsValueOrThrowsEventPayloadException()
    {
        var registry = Registry();
        var bytes = registry.Serialize(new ValueAdded(42, "note")).Payload.ToArray();
        var mutations = from position in Gen.Choose(0, bytes.Length - 1)
                        from value in Gen.Choose(0, 255)
                        from truncate in Gen.Elements(true, false)
                        select truncate ? bytes[..position] : Mutate(bytes, position, (byte)value);

        Prop.ForAll(mutations.ToArbitrary(), mutated =>
        {
            try
            {
                return registry.Deserialize("value-added", 1, mutated) is ValueAdded;
            }
            catch (EventPayloadException ex)
            {
                return ex.Manifest == "value-added" && ex.FormatVersion == 1;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Deserialize_UnknownManifest_NamesManifestAndVersion()
    {
        var ex = Assert.Throws<UnknownEventManifestException>(() => Registry().Deserialize("value-added", 2, "{}"u8));

        Assert.Equal("value-added", ex.Manifest);
        Assert.Equal(2, ex.FormatVersion);
        Assert.Contains("'value-added' version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_UnregisteredType_Throws()
    {
        var ex = Assert.Throws<EventTypeNotRegisteredException>(() => Registry().Serialize(3.5));

        Assert.Equal(typeof(double), ex.EventType);
    }

    [Fact]
    public void Register_SameManifestTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => Registry().Register<string>("value-added"));
    }

    [Fact]
    public void Register_NewerVersion_SerializesNewestAndReadsBoth()
    {
        var registry = new EventSerializerRegistry().Register<ValueAdded>("value-added").Register<ValueAdded>("value-added", formatVersion: 2);

        var payload = registry.Serialize(new ValueAdded(1, "x"));

        Assert.Equal(2, payload.FormatVersion);
        Assert.Equal(new ValueAdded(1, "x"), registry.Deserialize("value-added", 1, payload.Payload.Span));
    }

    private static byte[] Mutate(byte[] source, int position, byte value)
    {
        var copy = (byte[])source.Clone();
        copy[position] = value;
        return copy;
    }
}

public sealed record ValueAdded(int Value, string Note);
