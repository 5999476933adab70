using FtActors.Pages;

namespace FtActors.Images.Tests;

public sealed class FrameTableTests
{
    [Fact]
    public void ToRuns_SeenRunCrossingIntoNextDefaultRange_KeepsFramesAscendingAndUnique()
    {
        // Two adjacent blocks (as unmapped RAM blocks are), pages written contiguously across the boundary.
        var table = new FrameTable();
        table.SetData(3, 4096 * 10, level: 0);
        table.SetData(4, 4096 * 11, level: 0);
        table.SetData(5, 4096 * 12, level: 0);

        var runs = table.ToRuns([(0, 4), (4, 8)]);

        ulong next = 0;
        foreach (var run in runs)
        {
            Assert.Equal(next, run.Frame);
            next = run.EndFrame;
        }

        Assert.Equal(8UL, next);
        Assert.Equal(new PageRun(3, 3, 4096 * 10, PageType.Normal), runs.Single(r => r.HasData));
    }

    [Fact]
    public void ToRuns_PageTablesZeroAndAbsentFrames_KeepTheirTypes()
    {
        var table = new FrameTable();
        table.SetData(0, 100, level: 2);
        table.SetZero(1);
        table.SetNotPresent(2);
        table.SetData(9000, 0, level: 0);

        var runs = table.ToRuns([]);

        Assert.Equal(
            [new PageRun(0, 1, 100, PageType.PageTable, 2), new PageRun(1, 1, -1, PageType.Zero), new PageRun(2, 1, -1, PageType.NotPresent), new PageRun(9000, 1, 0, PageType.Normal)],
            runs);
    }
}
