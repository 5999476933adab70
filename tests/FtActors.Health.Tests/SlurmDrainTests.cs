using FtActors.Health.Slurm;
using Xunit;

namespace FtActors.Health.Tests;

/// <summary>Against a stand-in scontrol that logs its arguments and prints recorded <c>scontrol show node</c> output.</summary>
public class SlurmDrainTests
{
    private static (TempDir Dir, SlurmDrain Drain, string Log) StandIn(string showFile)
    {
        var dir = new TempDir();
        var log = Path.Combine(dir.Path, "args.log");
        dir.Script("bin/scontrol", $"""
            for a in "$@"; do printf '[%s]' "$a" >> '{log}'; done
            echo >> '{log}'
            if [ "$1" = show ]; then cat '{Recorded.PathOf(showFile)}'; fi
            exit 0
            """);
        return (dir, new SlurmDrain(searchPath: Path.Combine(dir.Path, "bin")), log);
    }

    [Fact]
    public async Task DrainAsync_IdleNode_UpdatesWithFtActorsReason()
    {
        var (dir, drain, log) = StandIn("scontrol-show-node-idle.txt");
        using (dir)
        {
            var outcome = await drain.DrainAsync("cn17", "fan FAN2 failing", CancellationToken.None);

            Assert.True(outcome.Changed);
            Assert.Equal(["[show][node][cn17]", "[update][NodeName=cn17][State=DRAIN][Reason=FtActors: fan FAN2 failing]"], File.ReadAllLines(log));
        }
    }

    [Fact]
    public async Task DrainAsync_DrainedByAdmin_LeftAlone()
    {
        var (dir, drain, log) = StandIn("scontrol-show-node-admin.txt");
        using (dir)
        {
            var outcome = await drain.DrainAsync("cn17", "x", CancellationToken.None);

            Assert.False(outcome.Changed);
            Assert.Contains("bad DIMM, ticket 4711", outcome.Reason, StringComparison.Ordinal);
            Assert.Equal(["[show][node][cn17]"], File.ReadAllLines(log));
        }
    }

    [Fact]
    public async Task ResumeAsync_OurDrain_Resumes()
    {
        var (dir, drain, log) = StandIn("scontrol-show-node-ours.txt");
        using (dir)
        {
            var outcome = await drain.ResumeAsync("cn17", CancellationToken.None);

            Assert.True(outcome.Changed);
            Assert.Equal(["[show][node][cn17]", "[update][NodeName=cn17][State=RESUME]"], File.ReadAllLines(log));
        }
    }

    [Fact]
    public async Task ResumeAsync_AdminDrain_NotResumed()
    {
        var (dir, drain, log) = StandIn("scontrol-show-node-admin.txt");
        using (dir)
        {
            var outcome = await drain.ResumeAsync("cn17", CancellationToken.None);

            Assert.False(outcome.Changed);
            Assert.Equal(["[show][node][cn17]"], File.ReadAllLines(log));
        }
    }

    [Fact]
    public async Task DrainAsync_NoScontrol_NothingDone()
    {
        var drain = new SlurmDrain(searchPath: "/nonexistent");

        var outcome = await drain.DrainAsync("cn17", "x", CancellationToken.None);

        Assert.False(drain.IsAvailable);
        Assert.False(outcome.Changed);
        Assert.Contains("not found", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecordedShowNode_StateAndReasonWithSpaces()
    {
        var info = SlurmNodeInfo.Parse(Recorded.Read("scontrol-show-node-ours.txt"));

        Assert.Equal("IDLE+DRAIN", info.State);
        Assert.StartsWith("FtActors: inject/cpu-temp trending to 95 C", info.Reason, StringComparison.Ordinal);
        Assert.True(info.IsDrained);
    }
}
