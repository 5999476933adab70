namespace FtActors.Lab.Guests;

/// <summary>The shapes of line the ftw workload prints.</summary>
public enum FtwLineKind
{
    /// <summary><c>ftw W iter=N sum=HEX16 [ms=T]</c>: one finished iteration.</summary>
    Iteration,

    /// <summary><c>ftw W ready mb=M ms=T</c>: data initialised, iterations start.</summary>
    Ready,

    /// <summary><c>ftw fillfree freed mb=M ms=T</c>: the fill buffer was released.</summary>
    Freed,
}
