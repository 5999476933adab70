using FtActors.Persistence.Membership;
using FtActors.TestKit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Reads a cluster's membership table the way an operator would (the test process is not a member) and waits
/// for conditions on it; a wait that runs out fails with every node's output, which is what explains it.
/// </summary>
internal sealed class TableWatch(IMembershipTable table, IReadOnlyCollection<NodeProcess> nodes)
{
    /// <summary>The whole table as it is now.</summary>
    public Task<MembershipTableData> ReadAsync() => table.ReadAllAsync(CancellationToken.None);

    /// <summary>The row of <paramref name="address"/>, or null.</summary>
    public async Task<MembershipEntry?> RowAsync(MemberAddress address) => (await ReadAsync()).Find(address);

    /// <summary>Polls the table until <paramref name="predicate"/> holds (90 s, dilated).</summary>
    public async Task WaitForAsync(Func<MembershipTableData, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + TestKitSettings.Dilated(TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (predicate(await ReadAsync()))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"expected {what}, found:\n" + string.Join('\n', nodes.Select(n => n.Output())));
    }

    /// <summary>Waits until <paramref name="address"/>'s row exists and satisfies <paramref name="predicate"/>; returns it.</summary>
    public async Task<MembershipEntry> WaitForRowAsync(MemberAddress address, Func<MembershipEntry, bool> predicate, string what)
    {
        MembershipEntry? row = null;
        await WaitForAsync(d => (row = d.Find(address)) is not null && predicate(row), what);
        return row!;
    }

    /// <summary>Waits until exactly <paramref name="count"/> rows are Active.</summary>
    public Task WaitForActiveAsync(int count) =>
        WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == count, $"{count} Active rows");
}
