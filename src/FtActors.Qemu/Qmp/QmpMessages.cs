using System.Text.Json.Nodes;

namespace FtActors.Qemu.Qmp;

/// <summary>One line QEMU sent on a QMP socket, after <see cref="QmpMessageParser"/> classified it.</summary>
public abstract record QmpMessage;

/// <summary>The first message on a connection: QEMU's version and capabilities.</summary>
/// <param name="Version">The <c>QMP.version</c> object (<c>qemu.major/minor/micro</c>, <c>package</c>).</param>
/// <param name="Capabilities">The capabilities QEMU offers (e.g. <c>oob</c>).</param>
public sealed record QmpGreeting(JsonObject Version, IReadOnlyList<string> Capabilities) : QmpMessage
{
    /// <summary>The version as <c>major.minor.micro</c>, or empty when QEMU did not say.</summary>
    public string VersionText
    {
        get
        {
            var q = Version["qemu"] as JsonObject;
            return q is null ? string.Empty : $"{q["major"]}.{q["minor"]}.{q["micro"]}";
        }
    }
}

/// <summary>A successful answer to the command with id <paramref name="Id"/>.</summary>
public sealed record QmpReturn(JsonNode? Value, long? Id) : QmpMessage;

/// <summary>An error answer to the command with id <paramref name="Id"/>.</summary>
public sealed record QmpError(string ErrorClass, string Description, long? Id) : QmpMessage;

/// <summary>An asynchronous event (<c>STOP</c>, <c>RESUME</c>, <c>MIGRATION</c>, <c>SHUTDOWN</c>...).</summary>
/// <param name="Name">The event name.</param>
/// <param name="Data">The event's <c>data</c> object, or null when it carries none.</param>
/// <param name="Timestamp">QEMU's host-clock timestamp of the event.</param>
public sealed record QmpEvent(string Name, JsonObject? Data, DateTimeOffset Timestamp) : QmpMessage;
