using FtActors.Health.Sources;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FtActors.Health.Tests;

public class RasdaemonSourceTests
{
    // Column sets as rasdaemon 0.8.5 creates them (ras-record.c); only the columns read here matter.
    private const string Schema = """
        CREATE TABLE mc_event (id INTEGER PRIMARY KEY, timestamp TEXT, err_count INTEGER, err_type TEXT, err_msg TEXT, label TEXT,
            mc INTEGER, top_layer INTEGER, middle_layer INTEGER, lower_layer INTEGER, address INTEGER, grain INTEGER, syndrome INTEGER, driver_detail TEXT);
        CREATE TABLE aer_event (id INTEGER PRIMARY KEY, timestamp TEXT, dev_name TEXT, err_type TEXT, err_msg TEXT);
        CREATE TABLE mce_record (id INTEGER PRIMARY KEY, timestamp TEXT, mcgcap INTEGER, mcgstatus INTEGER, status INTEGER, addr INTEGER, misc INTEGER,
            ip INTEGER, tsc INTEGER, walltime INTEGER, cpu INTEGER, cpuid INTEGER, apicid INTEGER, socketid INTEGER, cs INTEGER, bank INTEGER,
            cpuvendor INTEGER, bank_name TEXT, error_msg TEXT, mcgstatus_msg TEXT, mcistatus_msg TEXT, mcastatus_msg TEXT, user_action TEXT, mc_location TEXT);
        """;

    [Fact]
    public async Task Poll_NewRows_CountedByTypeAfterBaseline()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "ras-mc_event.db");
        Exec(db, Schema + "INSERT INTO mc_event (timestamp, err_count, err_type, err_msg) VALUES ('2026-11-21 10:00:00 +0000', 1, 'Corrected', 'old');");
        var source = new RasdaemonSource(db, TimeSpan.FromSeconds(30), correctedWarn: 10, uncorrectedFail: 1);

        var first = (await source.PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);
        Exec(db, """
            INSERT INTO mc_event (timestamp, err_count, err_type, err_msg) VALUES ('2026-11-22 04:00:00 +0000', 3, 'Corrected', 'read error');
            INSERT INTO mc_event (timestamp, err_count, err_type, err_msg) VALUES ('2026-11-22 04:00:01 +0000', 1, 'Uncorrected', 'read error');
            INSERT INTO aer_event (timestamp, dev_name, err_type, err_msg) VALUES ('2026-11-22 04:00:02 +0000', '0000:3b:00.0', 'Corrected', 'Receiver Error');
            INSERT INTO mce_record (timestamp, status) VALUES ('2026-11-22 04:00:03 +0000', -4611686018427387904);
            """);
        var second = (await source.PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);

        Assert.Equal(0.0, first["rasdaemon/mc_event/corrected"].Value);
        Assert.Equal(3.0, second["rasdaemon/mc_event/corrected"].Value);
        Assert.Equal(1.0, second["rasdaemon/mc_event/uncorrected"].Value);
        Assert.Equal(1.0, second["rasdaemon/aer_event/corrected"].Value);
        // status 0xC000000000000000: VAL and OVER set, UC (bit 61) clear: a corrected machine check.
        Assert.Equal(1.0, second["rasdaemon/mce_record/corrected"].Value);
    }

    [Fact]
    public async Task Poll_MissingTable_UnknownForThatTable()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "ras.db");
        Exec(db, "CREATE TABLE mc_event (id INTEGER PRIMARY KEY, err_count INTEGER, err_type TEXT);");

        var r = (await new RasdaemonSource(db, TimeSpan.FromSeconds(30), 10, 1).PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);

        Assert.Equal(HealthState.Ok, r["rasdaemon/mc_event/corrected"].State);
        Assert.Equal(HealthState.Unknown, r["rasdaemon/aer_event"].State);
        Assert.Equal(HealthState.Unknown, r["rasdaemon/mce_record"].State);
    }

    private static void Exec(string db, string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
