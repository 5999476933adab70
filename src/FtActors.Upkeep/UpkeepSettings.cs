using FtActors.Configuration;
using FtActors.Store;
using Microsoft.Extensions.Configuration;

namespace FtActors.Upkeep;

/// <summary>
/// The upkeep's settings, bound from HOCON <c>ftactors.predeploy</c> (see hocon/reference.conf and docs/upkeep.md).
/// </summary>
public sealed class UpkeepSettings
{
    /// <summary>How often each guest's RAM is scanned (<c>scan-interval</c>).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes per second the store feed of one node may send (<c>bandwidth-budget</c>).</summary>
    public long BandwidthBudget { get; set; } = 32L << 20;

    /// <summary>K: scans a page must keep its content before it ships; 1 ships every non-zero page (<c>stable-scans</c>).</summary>
    public int StableScans { get; set; } = 3;

    /// <summary>Bytes per second a scan may read from a guest's RAM file (<c>scan-rate</c>).</summary>
    public long ScanRate { get; set; } = 256L << 20;

    /// <summary>The spare's page store directory; empty means under the node's data directory (<c>store-path</c>).</summary>
    public string StorePath { get; set; } = string.Empty;

    /// <summary>Address the spare's store feed listens on, IP:port (<c>feed-listen</c>).</summary>
    public string FeedListen { get; set; } = "0.0.0.0:7790";

    /// <summary>Pages the spare gathers before a commit (a map or an idle feed commits sooner) (<c>feed-commit-pages</c>).</summary>
    public int FeedCommitPages { get; set; } = 4096;

    /// <summary>Reads <c>ftactors:predeploy</c> from <paramref name="configuration"/> (the root) and validates it.</summary>
    /// <exception cref="UpkeepException">A value is out of range (names the key and the value).</exception>
    public static UpkeepSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection("ftactors:predeploy");
        UpkeepSettings settings = section.Exists() ? HoconBinder.Get<UpkeepSettings>(section) : new UpkeepSettings();
        settings.Validate();
        return settings;
    }

    /// <summary>The selection policy these settings describe.</summary>
    public UpkeepPolicy Policy => new(StableScans <= 1 ? SelectionPolicy.All : SelectionPolicy.Stable, Math.Max(1, StableScans));

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="UpkeepException">A value is out of range.</exception>
    public void Validate()
    {
        Check(ScanInterval > TimeSpan.Zero, "scan-interval", "a positive duration", ScanInterval.ToString());
        Check(BandwidthBudget >= 64 << 10, "bandwidth-budget", "at least 64 KiB per second", BandwidthBudget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check(StableScans >= 1, "stable-scans", "at least 1", StableScans.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check(ScanRate >= 1 << 20, "scan-rate", "at least 1 MiB per second", ScanRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check(FeedCommitPages >= 1, "feed-commit-pages", "at least 1", FeedCommitPages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check(System.Net.IPEndPoint.TryParse(FeedListen, out _), "feed-listen", "an IP:port", FeedListen);
    }

    private static void Check(bool ok, string key, string expected, string found)
    {
        if (!ok)
        {
            throw new UpkeepException($"ftactors.predeploy.{key}: expected {expected}, found {found}");
        }
    }
}
