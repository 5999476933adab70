namespace FtActors.Health;

/// <summary>
/// One observation from a health source. For <see cref="ReadingKind.Level"/> readings the limits are levels
/// (higher is worse unless <see cref="LowerIsWorse"/>); for <see cref="ReadingKind.EventCount"/> readings they
/// are event counts over the policy's window. <see cref="State"/> is the source's own view of this single
/// reading; the policy adds hysteresis, windows and trends on top.
/// </summary>
/// <param name="Source">Source name, e.g. <c>hwmon</c>, <c>smart</c>.</param>
/// <param name="Check">Stable check name, unique per node, e.g. <c>hwmon/coretemp/Package id 0</c>.</param>
/// <param name="Value">The value, or null when there is none (Unknown, or a pure status).</param>
/// <param name="Unit">Unit of <paramref name="Value"/> (<c>C</c>, <c>RPM</c>, <c>V</c>, <c>events</c>, ...).</param>
/// <param name="WarnLimit">Warning limit, if the source knows one.</param>
/// <param name="CritLimit">Critical limit, if the source knows one.</param>
/// <param name="State">The source's state for this reading.</param>
/// <param name="Reason">Why the state is what it is (always set for Unknown and Failing).</param>
/// <param name="Kind">How the policy interprets <paramref name="Value"/>.</param>
/// <param name="LowerIsWorse">True for fans and other readings that fail by falling.</param>
public sealed record HealthReading(
    string Source,
    string Check,
    double? Value,
    string Unit,
    double? WarnLimit,
    double? CritLimit,
    HealthState State,
    string Reason,
    ReadingKind Kind = ReadingKind.Level,
    bool LowerIsWorse = false)
{
    /// <summary>A reading that says the check could not be evaluated, and why.</summary>
    public static HealthReading Unknown(string source, string check, string reason) =>
        new(source, check, null, string.Empty, null, null, HealthState.Unknown, reason, ReadingKind.Status);

    /// <summary>A reading whose state the source decided (no level to track).</summary>
    public static HealthReading Status(string source, string check, HealthState state, string reason) =>
        new(source, check, null, string.Empty, null, null, state, reason, ReadingKind.Status);
}
