namespace FtActors.Health;

/// <summary>How the policy should interpret a reading's value.</summary>
public enum ReadingKind
{
    /// <summary>A physical level (temperature, fan speed): thresholds with hysteresis, and trends toward the critical limit.</summary>
    Level,

    /// <summary>A number of new events since the previous poll (corrected errors): counted over a sliding window.</summary>
    EventCount,

    /// <summary>The source already decided the state (SMART verdict, NHC exit status): taken as is.</summary>
    Status,
}
