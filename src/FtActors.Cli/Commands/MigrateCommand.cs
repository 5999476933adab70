using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using FtActors.Migration;
using FtActors.Remoting;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors migrate send|receive</c>: move a running lab guest to a spare, sending only the pages the
/// spare's store lacks. Both ends run as processes (each in its node's network namespace) until the
/// cluster node hosts the session actors. Exit codes: 0 committed, 1 aborted, 2 usage or set-up error.
/// </summary>
internal static class MigrateCommand
{
    public static Command Build()
    {
        var command = new Command("migrate", "Move a running guest to a spare: RAM in rounds over page connections, device state through QEMU (x-ignore-shared).");
        command.Subcommands.Add(MigrateSendCommand.Build());
        command.Subcommands.Add(MigrateReceiveCommand.Build());
        command.Subcommands.Add(MigrateXenSendCommand.Build());
        command.Subcommands.Add(MigrateXenReceiveCommand.Build());
        return command;
    }

    public static Option<string?> TlsCertOption() => new("--tls-cert") { Description = "This node's certificate with its key (PKCS#12 file); enables mutual TLS." };

    public static Option<string?> TlsCaOption() => new("--tls-ca") { Description = "PEM or DER CA certificate the peer's certificate must chain to." };

    public static TlsOptions? Tls(string? cert, string? ca)
    {
        if (cert is null)
        {
            return ca is null ? null : throw new ArgumentException("--tls-ca needs --tls-cert as well");
        }

        var roots = new X509Certificate2Collection();
        if (ca is not null)
        {
            roots.Add(X509CertificateLoader.LoadCertificateFromFile(ca));
        }

        return new TlsOptions { Certificate = X509CertificateLoader.LoadPkcs12FromFile(cert, null), TrustedRoots = roots };
    }

    public static IPEndPoint Endpoint(string text, string option)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !IPAddress.TryParse(text[..colon], out var address)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{option}: expected IP:PORT (e.g. 10.77.0.2:7700), found '{text}'");
        }

        return new IPEndPoint(address, port);
    }

    /// <summary>Runs a migrate action; migration and set-up errors become one line on stderr.</summary>
    public static Task<int> GuardAsync(string what, Func<Task<int>> action) => LabOutput.GuardAsync(what, async () =>
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is MigrationException or Store.StoreException or System.Security.Cryptography.CryptographicException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitUsage;
        }
    });
}
