using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Persistence.Membership;
using Xunit;

namespace FtActors.Persistence.Tests.Membership;

/// <summary>The decoders of the membership columns stored as text: status, roles, suspect votes (JSON).</summary>
public sealed class MembershipColumnsTests
{
    [Theory]
    [InlineData(NodeRoles.None, "")]
    [InlineData(NodeRoles.Compute, "compute")]
    [InlineData(NodeRoles.Spare, "spare")]
    [InlineData(NodeRoles.Compute | NodeRoles.Spare, "compute,spare")]
    public void FormatRoles_EachCombination_IsTheCanonicalTextAndParsesBack(NodeRoles roles, string text)
    {
        Assert.Equal(text, MembershipColumns.FormatRoles(roles));
        Assert.True(MembershipColumns.TryParseRoles(text, out var parsed, out _));
        Assert.Equal(roles, parsed);
    }

    [Theory]
    [InlineData("spare,compute", NodeRoles.Compute | NodeRoles.Spare)]
    public void TryParseRoles_OtherOrder_Parses(string text, NodeRoles expected)
    {
        Assert.True(MembershipColumns.TryParseRoles(text, out var parsed, out _));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("gpu", "found 'gpu'", "offset 0")]
    [InlineData("compute,,spare", "found ''", "offset 8")]
    [InlineData("compute,compute", "each role once", "offset 8")]
    [InlineData("Compute", "found 'Compute'", "offset 0")]
    [InlineData("spare,", "found ''", "offset 6")]
    public void TryParseRoles_Malformed_SaysWhatAndWhere(string text, string what, string where)
    {
        Assert.False(MembershipColumns.TryParseRoles(text, out var roles, out var error));
        Assert.Equal(NodeRoles.None, roles);
        Assert.Contains(what, error, StringComparison.Ordinal);
        Assert.Contains(where, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseRoles_RandomText_NeverThrowsAndAcceptsOnlyWhatFormatsBackToAPermutation()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            text ??= string.Empty;
            if (!MembershipColumns.TryParseRoles(text, out var roles, out var error))
            {
                return error.Length > 0;
            }

            var canonical = MembershipColumns.FormatRoles(roles);
            return canonical == text || string.Join(',', text.Split(',').Order(StringComparer.Ordinal)) == canonical;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseStatus_NamesOnly_RejectsNumbersAndOtherCase()
    {
        foreach (var status in Enum.GetValues<MemberStatus>())
        {
            Assert.True(MembershipColumns.TryParseStatus(MembershipColumns.FormatStatus(status), out var parsed, out _));
            Assert.Equal(status, parsed);
        }

        Assert.False(MembershipColumns.TryParseStatus("1", out _, out var error));
        Assert.Contains("found '1'", error, StringComparison.Ordinal);
        Assert.False(MembershipColumns.TryParseStatus("active", out _, out _));
    }

    [Fact]
    public void SuspectTimes_RandomVotes_RoundTripThroughJson()
    {
        var endpoint = Gen.Zip(Gen.Elements("node1", "10.0.0.7", "spare-ü"), Gen.Choose(1, 65535));
        var vote = Gen.Zip(
            Gen.Zip(endpoint, ArbMap.Default.GeneratorFor<long>()),
            Gen.Choose(0, int.MaxValue),
            (a, seconds) => new SuspectTime(new MemberAddress(a.Item1.Item1, a.Item1.Item2, a.Item2), DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000L)));
        Prop.ForAll(vote.ArrayOf().ToArbitrary(), votes =>
        {
            var json = MembershipColumns.FormatSuspectTimes([.. votes]);
            return MembershipColumns.TryParseSuspectTimes(json, out var parsed, out _) && parsed.SequenceEqual(votes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseSuspectTimes_RandomAndMutatedJson_NeverThrows()
    {
        var valid = MembershipColumns.FormatSuspectTimes(
            ImmutableArray.Create(new SuspectTime(new MemberAddress("node2", 7400, 3), DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000))));
        var mutated = Gen.Zip(Gen.Choose(0, valid.Length - 1), ArbMap.Default.GeneratorFor<char>())
            .Select(m =>
            {
                var chars = valid.ToCharArray();
                chars[m.Item1] = m.Item2;
                return new string(chars);
            });
        var texts = Gen.OneOf(mutated, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)).ToArbitrary();

        Prop.ForAll(texts, text =>
        {
            var ok = MembershipColumns.TryParseSuspectTimes(text, out var votes, out var error);
            return ok ? !votes.IsDefault && error.Length == 0 : error.Length > 0;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("[{\"host\":\"a\",\"port\":0,\"incarnation\":1,\"atMs\":5}]", "port in 1..65535")]
    [InlineData("[{\"host\":\"a\",\"port\":1,\"incarnation\":1}]", "invalid JSON")]
    [InlineData("[{\"host\":\"a\",\"port\":1,\"incarnation\":1,\"atMs\":5,\"extra\":1}]", "invalid JSON")]
    [InlineData("{}", "invalid JSON at line 1")]
    [InlineData("null", "found null")]
    public void TryParseSuspectTimes_Malformed_SaysWhatWasExpected(string json, string fragment)
    {
        Assert.False(MembershipColumns.TryParseSuspectTimes(json, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
