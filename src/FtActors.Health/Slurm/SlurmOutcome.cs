namespace FtActors.Health.Slurm;

/// <summary>What a drain or resume did.</summary>
/// <param name="Changed">True if <c>scontrol update</c> ran and succeeded.</param>
/// <param name="Reason">Why it did or did not change anything.</param>
public sealed record SlurmOutcome(bool Changed, string Reason);
