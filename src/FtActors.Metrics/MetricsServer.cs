using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FtActors.Metrics;

/// <summary>
/// Serves <c>GET /metrics</c> over HTTP on Kestrel (ASP.NET Core minimal hosting). Port 0 picks a free port; the
/// bound address is in <see cref="Address"/>. Every scrape renders the registry afresh (prometheus-net's text exporter).
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The content type of a scrape: the text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The base address actually bound, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving <paramref name="registry"/> on <paramref name="ip"/>:<paramref name="port"/>.</summary>
    public static Task<MetricsServer> StartAsync(MetricsRegistry registry, IPAddress ip, int port, CancellationToken cancellationToken) =>
        StartAsync(registry, ip, port, null, cancellationToken);

    /// <summary>
    /// Starts serving <paramref name="registry"/> and whatever routes <paramref name="routes"/> maps beside it (the node's
    /// admin API), so one port serves both. <paramref name="routes"/> may also add middleware (authentication).
    /// </summary>
    public static async Task<MetricsServer> StartAsync(MetricsRegistry registry, IPAddress ip, int port, Action<WebApplication>? routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        var app = builder.Build();
        app.MapGet("/metrics", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = ContentType;
            return registry.Collectors.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });
        routes?.Invoke(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without reporting a bound address");
        return new MetricsServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            // Kestrel's sockets and the host's services go even when stopping failed.
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
