using System.Text.RegularExpressions;
using FtActors.Qemu;

namespace FtActors.Lab.Guests;

/// <summary>
/// Decides whether KVM really works here. /dev/kvm existing is not enough: on the lab machines QEMU
/// accepts <c>-accel kvm</c> and then the guest never prints a line. The probe boots the lab guest
/// with KVM and waits for init's first line.
/// </summary>
public static partial class KvmProbe
{
    /// <summary>True when a KVM guest printed init's first serial line within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WorksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!File.Exists("/dev/kvm"))
        {
            return false;
        }

        var name = "kvm-probe-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var guest = await QemuGuest.StartAsync(
            new GuestSpec(name) { MemoryMiB = 128, Accelerator = Accelerator.Kvm, Ram = RamBacking.Anonymous },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await guest.Serial.WaitForLineAsync(InitLine(), timeout, () => guest.IsRunning, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (QemuException)
        {
            return false;
        }
    }

    [GeneratedRegex("^ftw-init: ")]
    private static partial Regex InitLine();
}
