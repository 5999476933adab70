namespace FtActors.Health.Sources;

/// <summary>Which tool's sensor output an <see cref="IpmiSource"/> parses.</summary>
public enum IpmiFormat
{
    /// <summary><c>ipmitool sensor</c>: value, unit, status and six thresholds.</summary>
    IpmitoolSensor,

    /// <summary><c>ipmitool sdr</c>: reading with unit, and status.</summary>
    IpmitoolSdr,

    /// <summary>FreeIPMI <c>ipmi-sensors --output-sensor-state</c>, CSV or table.</summary>
    IpmiSensors,
}
