using FsCheck;
using FsCheck.Fluent;
using FtActors.Persistence.Sql;
using Xunit;

namespace FtActors.Persistence.Tests.Schema;

/// <summary>The script file name parser and the scripts each dialect ships.</summary>
public sealed class ScriptNameTests
{
    [Theory]
    [InlineData("0001_initial.sql", 1)]
    [InlineData("0042_add-tags_index.sql", 42)]
    [InlineData("12345_x.sql", 12345)]
    public void TryParseScriptName_WellFormed_ReturnsVersion(string name, int expected)
    {
        Assert.True(SchemaMigrator.TryParseScriptName(name, out var version, out var error), error);
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData("001_initial.sql", "at least four digits")]
    [InlineData("0000_zero.sql", "between 1 and")]
    [InlineData("0001-initial.sql", "expected '_' after the version at offset 4")]
    [InlineData("0001_.sql", "non-empty name")]
    [InlineData("0001_initial.txt", "ending in '.sql'")]
    [InlineData("0001_in itial.sql", "found ' ' at offset 7")]
    [InlineData("99999999999_big.sql", "between 1 and")]
    public void TryParseScriptName_Malformed_SaysWhatWasExpectedAndWhere(string name, string expectedFragment)
    {
        Assert.False(SchemaMigrator.TryParseScriptName(name, out var version, out var error));
        Assert.Equal(0, version);
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseScriptName_RandomText_NeverThrowsAndRejectsWithAReason()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var ok = SchemaMigrator.TryParseScriptName(text ?? string.Empty, out var version, out var error);
            return ok ? version >= 1 && error.Length == 0 : version == 0 && error.Length > 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseScriptName_FormattedNames_RoundTrip()
    {
        var stems = Gen.Elements("initial", "add_tags", "x", "index-2").ToArbitrary();
        Prop.ForAll(Gen.Choose(1, 99_999).ToArbitrary(), stems, (version, stem) =>
        {
            var name = $"{version:D4}_{stem}.sql";
            return SchemaMigrator.TryParseScriptName(name, out var parsed, out _) && parsed == version;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseScriptName_OneCharacterMutated_NeverThrows()
    {
        const string valid = "0007_membership_roles.sql";
        var mutations = Gen.Zip(Gen.Choose(0, valid.Length - 1), ArbMap.Default.GeneratorFor<char>()).ToArbitrary();
        Prop.ForAll(mutations, m =>
        {
            var chars = valid.ToCharArray();
            chars[m.Item1] = m.Item2;
            var ok = SchemaMigrator.TryParseScriptName(new string(chars), out var version, out var error);
            return ok ? version > 0 : error.Length > 0;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(typeof(FtActors.Persistence.Sqlite.SqliteQueryExecutor), "sqlite")]
    [InlineData(typeof(FtActors.Persistence.PostgreSql.PostgreSqlQueryExecutor), "postgresql")]
    public void LoadScripts_ShippedDialects_AreNumberedFromOneWithoutGaps(Type executor, string dialect)
    {
        var scripts = SchemaMigrator.LoadScripts(executor.Assembly, dialect);

        Assert.NotEmpty(scripts);
        Assert.Equal(Enumerable.Range(1, scripts.Count), scripts.Select(s => s.Version));
        Assert.Equal($"Schema/{dialect}/0001_initial.sql", scripts[0].Name);
        Assert.Contains("CREATE TABLE event_journal", scripts[0].Sql, StringComparison.Ordinal);
    }
}
