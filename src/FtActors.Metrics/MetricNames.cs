namespace FtActors.Metrics;

/// <summary>Validation of metric and label names against the exposition format's grammar.</summary>
public static class MetricNames
{
    /// <summary>True for <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name) =>
        !string.IsNullOrEmpty(name) && IsStart(name[0], colon: true) && name.All(c => IsStart(c, colon: true) || char.IsAsciiDigit(c));

    /// <summary>True for <c>[a-zA-Z_][a-zA-Z0-9_]*</c> not starting with the reserved <c>__</c>.</summary>
    public static bool IsValidLabelName(string name) =>
        !string.IsNullOrEmpty(name) && IsStart(name[0], colon: false) && name.All(c => IsStart(c, colon: false) || char.IsAsciiDigit(c)) &&
        !name.StartsWith("__", StringComparison.Ordinal);

    private static bool IsStart(char c, bool colon) => char.IsAsciiLetter(c) || c == '_' || (colon && c == ':');
}
