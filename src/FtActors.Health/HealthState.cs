namespace FtActors.Health;

/// <summary>
/// The state of one check. Ordered by severity for Ok, Warning and Failing; <see cref="Unknown"/> means the check
/// could not get its data and is deliberately not "healthy" nor "failing": it never triggers an action.
/// </summary>
public enum HealthState
{
    /// <summary>The reading is inside its limits.</summary>
    Ok = 0,

    /// <summary>The reading crossed a warning limit or an event count exceeded its warning threshold.</summary>
    Warning = 1,

    /// <summary>The reading crossed a critical limit, or the source itself reports failure (SMART, NHC).</summary>
    Failing = 2,

    /// <summary>The source could not run or its output could not be parsed; the reason says why.</summary>
    Unknown = 3,
}
