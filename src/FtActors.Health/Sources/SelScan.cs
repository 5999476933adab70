namespace FtActors.Health.Sources;

/// <summary>New System Event Log entries since the previous poll.</summary>
/// <param name="Corrected">New asserted "Correctable ECC" style entries.</param>
/// <param name="Uncorrected">New asserted "Uncorrectable ECC" style entries.</param>
/// <param name="Malformed">Lines that did not look like SEL entries.</param>
/// <param name="MaxId">The highest entry id seen, to remember for the next poll.</param>
public sealed record SelScan(int Corrected, int Uncorrected, int Malformed, long MaxId);
