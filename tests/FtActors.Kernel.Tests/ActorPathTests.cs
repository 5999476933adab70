using FsCheck;
using FsCheck.Fluent;
using FtActors.Kernel;
using Xunit;

namespace FtActors.Kernel.Tests;

public class ActorPathTests
{
    private static readonly char[] NameChars = "abcxyzABZ0189-_.*$+:@&=,!~';()".ToCharArray();

    private static Gen<string> Name(int maxLength) =>
        Gen.Choose(1, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(NameChars), n)).Select(cs => new string(cs));

    private static Gen<string> SystemName =>
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcXYZ019-_".ToCharArray()), n)).Select(cs => new string(cs));

    private static Gen<string> PathText =>
        from system in SystemName
        from remote in Gen.Elements(true, false)
        from host in Gen.Elements("localhost", "10.0.0.7", "node-3.cluster")
        from port in Gen.Choose(0, 65535)
        from depth in Gen.Choose(0, 5)
        from elements in Gen.ArrayOf(Name(10), depth)
        select $"ftactors://{system}{(remote ? $"@{host}:{port}" : string.Empty)}/{string.Join('/', elements)}";

    [Fact]
    public void Parse_ValidPathText_RoundTripsThroughToString()
    {
        Prop.ForAll(PathText.ToArbitrary(), text =>
        {
            var path = ActorPath.Parse(text);
            return path.ToString() == text && ActorPath.Parse(path.ToString()).Equals(path);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_MutatedText_EitherParsesOrFailsWithOffsetInsideInput()
    {
        var mutated =
            from text in PathText
            from position in Gen.Choose(0, text.Length - 1)
            from replacement in Gen.Elements('/', '#', '?', ' ', '%', ':', '@', 'a', '\0', 'é')
            from mode in Gen.Choose(0, 2)
            select mode switch
            {
                0 => text.Remove(position, 1).Insert(position, replacement.ToString()),
                1 => text.Remove(position, 1),
                _ => text[..position],
            };

        Prop.ForAll(mutated.ToArbitrary(), text =>
        {
            try
            {
                var path = ActorPath.Parse(text);
                return ActorPath.TryParse(path.ToString(), out _);
            }
            catch (InvalidActorPathException ex)
            {
                return ex.Offset >= 0 && ex.Offset <= text.Length && ex.Input == text && !ActorPath.TryParse(text, out _);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("http://sys/user", 0, "scheme")]
    [InlineData("ftactors:///user", 11, "system name")]
    [InlineData("ftactors://sys@host/user", 19, "':' before the port")]
    [InlineData("ftactors://sys@host:99999/user", 20, "port number")]
    [InlineData("ftactors://sys/user//a", 20, "actor name")]
    [InlineData("ftactors://sys/user/a#b", 21, "'/' or the end")]
    [InlineData("ftactors://sys", 14, "'/' after the address")]
    public void Parse_InvalidText_ReportsOffsetAndExpectation(string text, int offset, string expected)
    {
        var ex = Assert.Throws<InvalidActorPathException>(() => ActorPath.Parse(text));

        Assert.Equal(offset, ex.Offset);
        Assert.Contains(expected, ex.Expected, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RemoteForm_KeepsHostAndPortInAddress()
    {
        var path = ActorPath.Parse("ftactors://cluster1@10.1.2.3:4053/user/node/vm-17");

        Assert.Equal(new Address("cluster1", "10.1.2.3", 4053), path.Address);
        Assert.True(path.Address.HasEndpoint);
        Assert.Equal(["user", "node", "vm-17"], path.Elements.ToArray());
        Assert.Equal("vm-17", path.Name);
        Assert.Equal("ftactors://cluster1@10.1.2.3:4053/user/node", path.Parent!.ToString());
    }
}
