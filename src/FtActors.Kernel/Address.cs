namespace FtActors.Kernel;

/// <summary>
/// Where an actor system lives: <c>ftactors://system</c> in-process, or <c>ftactors://cluster@host:port</c> once
/// remoting gives it a network endpoint. Paths carry it so a later remote transport can route by it unchanged.
/// </summary>
/// <param name="System">The actor system (or cluster) name.</param>
/// <param name="Host">Host name or IP when the system is reachable remotely; null for a local-only system.</param>
/// <param name="Port">TCP port, present exactly when <paramref name="Host"/> is.</param>
public sealed record Address(string System, string? Host = null, int? Port = null)
{
    /// <summary>The URI scheme every FtActors address uses.</summary>
    public const string Protocol = "ftactors";

    /// <summary>True when the address names a network endpoint, false for a purely local system.</summary>
    public bool HasEndpoint => Host is not null && Port is not null;

    /// <summary>Formats the address as <c>ftactors://system</c> or <c>ftactors://system@host:port</c>.</summary>
    public override string ToString() =>
        HasEndpoint
            ? string.Create(global::System.Globalization.CultureInfo.InvariantCulture, $"{Protocol}://{System}@{Host}:{Port}")
            : $"{Protocol}://{System}";
}
