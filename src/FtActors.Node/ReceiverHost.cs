using System.Net;
using Akka.Actor;
using FtActors.Migration;
using FtActors.Migration.Receiving;
using FtActors.Pages;
using FtActors.Upkeep;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// Serves incoming migrations on a spare, one after another, for as long as the node runs: each session starts the
/// destination QEMU in this process's network namespace, and its end is told to the node actor (log and metrics).
/// A set-up fault (port busy, bad store) is logged and retried after 5 s rather than stopping the node. When the
/// spare's store is fed by upkeep, each session holds the store's collection, so the generation the receiver
/// reads is never collected under it.
/// </summary>
public sealed class ReceiverHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ReceiverHost(ReceiverOptions options, IActorRef node, ILoggerFactory loggers)
    {
        _loop = RunAsync(options, node, loggers, _stop.Token);
    }

    /// <summary>Starts serving on <paramref name="host"/>:<paramref name="port"/>, reading pre-deployed pages from <paramref name="store"/> (null: none).</summary>
    /// <param name="host">Listen address.</param>
    /// <param name="port">Listen port.</param>
    /// <param name="store">The store directory.</param>
    /// <param name="fed">The upkeep service writing that store, whose collection each session holds; null when nothing feeds it.</param>
    /// <param name="node">Told of each session's end.</param>
    /// <param name="loggers">Loggers.</param>
    public static ReceiverHost Start(string host, int port, string? store, SpareStoreService? fed, IActorRef node, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();
        var options = new ReceiverOptions { Listen = new IPEndPoint(address, port), StorePath = store, StoreHold = fed is null ? null : fed.HoldCollection };
        var logger = loggers.CreateLogger<ReceiverHost>();
        LogMessages.ReceiverListening(logger, options.Listen, store);
        return new ReceiverHost(options, node, loggers);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(ReceiverOptions options, IActorRef node, ILoggerFactory loggers, CancellationToken ct)
    {
        await Task.Yield();
        var logger = loggers.CreateLogger<MigrationReceiver>();
        var hostLogger = loggers.CreateLogger<ReceiverHost>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // With a fed store, the receiver takes the collection hold and opens the store when a sender connects.
                var result = await new MigrationReceiver(options, PageEngines.Default, logger).RunOnceAsync(null, ct).ConfigureAwait(false);

                node.Tell(new ReceiverSessionEnded(result));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MigrationException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or FtActors.Store.StoreException)
            {
                LogMessages.ReceiverFailed(hostLogger, options.Listen, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Anything else is a bug, but a spare that silently stops taking migrations is worse than one that
                // logs the bug with its stack and keeps listening: the next session gets a new receiver.
                LogMessages.ReceiverCrashed(hostLogger, e, options.Listen);
                await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            }
        }
    }
}
