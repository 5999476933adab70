using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Remoting.Serialization;
using FtActors.Remoting.Tests.Support;
using Xunit;

namespace FtActors.Remoting.Tests;

public sealed class EnvelopeAndRegistryTests
{
    [Fact]
    public void Read_WrittenHeader_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.WriteHeader(writer, 7, -3, "ftactors://c@h:1/user/a", "ftactors://c@g:2/temp/$x", "test.ping/1");
        writer.Write("{}"u8);

        var header = EnvelopeCodec.Read(new ReadOnlySequence<byte>(writer.WrittenMemory), 100);

        Assert.Equal(7, header.RecipientIncarnation);
        Assert.Equal(-3, header.SenderIncarnation);
        Assert.Equal("ftactors://c@h:1/user/a", header.Recipient);
        Assert.Equal("ftactors://c@g:2/temp/$x", header.Sender);
        Assert.Equal("test.ping/1", header.Manifest);
        Assert.Equal("{}"u8.ToArray(), header.Body.ToArray());
    }

    [Fact]
    public void Read_NoSender_SenderIsNull()
    {
        var writer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.WriteHeader(writer, 0, 0, "ftactors://c@h:1/user/a", null, "test.ping/1");

        Assert.Null(EnvelopeCodec.Read(new ReadOnlySequence<byte>(writer.WrittenMemory), 0).Sender);
    }

    [Fact]
    public void Read_TruncatedHeader_ViolationWithOffset()
    {
        var writer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.WriteHeader(writer, 0, 0, "ftactors://c@h:1/user/a", null, "test.ping/1");
        var truncated = writer.WrittenSpan[..25].ToArray();

        var ex = Assert.Throws<ProtocolViolationException>(() => EnvelopeCodec.Read(new ReadOnlySequence<byte>(truncated), 1000));

        Assert.Equal(1017, ex.Offset);
        Assert.Contains("recipient path", ex.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_Violation()
    {
        byte[] bytes = [1, .. new byte[16], 2, 0, 0xC3, 0x28, 0, 0, 1, (byte)'a'];

        var ex = Assert.Throws<ProtocolViolationException>(() => EnvelopeCodec.Read(new ReadOnlySequence<byte>(bytes), 0));

        Assert.Equal("invalid UTF-8", ex.Found);
    }

    [Fact]
    public void Read_RandomAndMutatedBytes_HeaderOrViolation()
    {
        var writer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.WriteHeader(writer, 1, 2, "ftactors://c@h:1/user/a", "ftactors://c@h:2/user/b", "test.ping/1");
        var valid = writer.WrittenSpan.ToArray();
        var inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from mode in Gen.Choose(0, 2)
            select (seed, mode);

        Prop.ForAll(Arb.From(inputs), c =>
        {
            var random = new Random(c.seed);
            byte[] bytes;
            if (c.mode == 0)
            {
                bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])valid.Clone();
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                bytes = c.mode == 2 ? bytes[..random.Next(bytes.Length)] : bytes;
            }

            try
            {
                var header = EnvelopeCodec.Read(Segments.Build([bytes[..(bytes.Length / 2)], bytes[(bytes.Length / 2)..]]), 0);
                Assert.NotEmpty(header.Recipient);
                Assert.NotEmpty(header.Manifest);
            }
            catch (ProtocolViolationException ex)
            {
                Assert.InRange(ex.Offset, 0, bytes.Length);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Register_NameAndVersion_LooksUpBothWays()
    {
        var registry = TestRegistry.Create();

        Assert.True(registry.TryGetManifest(typeof(Ping), out var manifest));
        Assert.Equal("test.ping/1", manifest);
        Assert.True(registry.IsRegistered("test.pong/1"));
        Assert.False(registry.IsRegistered("test.pong/2"));
        Assert.False(registry.IsRegistered("FtActors.Remoting.Tests.Support.Pong"));
    }

    [Fact]
    public void Register_DuplicateNameOrType_Throws()
    {
        var registry = TestRegistry.Create();

        var name = Assert.Throws<ArgumentException>(() => registry.Register("test.ping", 1, TestJsonContext.Default.Stranger));
        Assert.Contains("test.ping/1 is already registered", name.Message, StringComparison.Ordinal);
        var type = Assert.Throws<ArgumentException>(() => registry.Register("test.other", 1, TestJsonContext.Default.Ping));
        Assert.Contains("already registered as test.ping/1", type.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Test.Ping")]
    [InlineData("a/b")]
    [InlineData("System.String, mscorlib")]
    public void Register_MalformedName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new MessageRegistry().Register(name, 1, TestJsonContext.Default.Ping));
    }

    [Fact]
    public void Register_AfterFreeze_Throws()
    {
        var registry = TestRegistry.Create();
        registry.Freeze();

        Assert.Throws<InvalidOperationException>(() => registry.Register("test.stranger", 1, TestJsonContext.Default.Stranger));
        Assert.True(registry.IsRegistered("test.ping/1"));
    }
}
