using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FtActors.Admin;
using FtActors.Health;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FtActors.Node;

/// <summary>
/// The admin API (docs/admin-api.md) on the node's Kestrel server beside <c>/metrics</c>: thin HTTP handlers that ask
/// the <see cref="NodeActor"/> (Ask only at this edge, always with a timeout) and answer JSON. With a token, every
/// <c>/api/</c> route requires <c>Authorization: Bearer TOKEN</c>; <c>/metrics</c> stays open for scrapers.
/// </summary>
public static class AdminEndpoint
{
    /// <summary>Longest wait for the node actor's answer.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Maps the routes on <paramref name="app"/>.</summary>
    /// <param name="app">The web application serving /metrics.</param>
    /// <param name="node">The node actor.</param>
    /// <param name="token">Required bearer token, or null for none.</param>
    public static void Map(WebApplication app, IActorRef node, string? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(node);
        if (token is not null)
        {
            var expected = Encoding.UTF8.GetBytes("Bearer " + token);
            app.Use(async (ctx, next) =>
            {
                if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                {
                    var given = Encoding.UTF8.GetBytes(ctx.Request.Headers.Authorization.ToString());
                    if (!CryptographicOperations.FixedTimeEquals(given, expected))
                    {
                        await Error(ctx, 401, "not authorised", "an Authorization: Bearer header with the node's admin token",
                            given.Length == 0 ? "no Authorization header" : "a different token").ConfigureAwait(false);
                        return;
                    }
                }

                await next(ctx).ConfigureAwait(false);
            });
        }

        app.MapGet("/api/v1/cluster", ctx => Ask(ctx, node, new GetClusterView(), AdminJsonContext.Default.ClusterView));
        app.MapGet("/api/v1/health", ctx => Ask(ctx, node, new GetNodeHealth(), AdminJsonContext.Default.HealthView));
        app.MapGet("/api/v1/guests", ctx => Ask(ctx, node, new GetGuests(), AdminJsonContext.Default.GuestsView));
        app.MapGet("/api/v1/placements", ctx => Ask(ctx, node, new GetPlacements(), AdminJsonContext.Default.PlacementsView));
        app.MapGet("/api/v1/migrations", ctx => Ask(ctx, node, new GetMigrations(), AdminJsonContext.Default.MigrationsView));
        app.MapGet("/api/v1/upkeep", ctx => Ask(ctx, node, new GetUpkeep(), AdminJsonContext.Default.UpkeepView));
        app.MapPost("/api/v1/upkeep/pause", ctx => Ask(ctx, node, new SetUpkeepPaused(true), AdminJsonContext.Default.UpkeepView));
        app.MapPost("/api/v1/upkeep/resume", ctx => Ask(ctx, node, new SetUpkeepPaused(false), AdminJsonContext.Default.UpkeepView));
        app.MapPost("/api/v1/migrations", async ctx =>
        {
            var body = await Body(ctx, AdminJsonContext.Default.MigrateRequest, "{\"guest\": NAME, \"to\": null or \"host:port\"}").ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(body.Guest))
            {
                await Error(ctx, 400, "no guest named", "a guest name in \"guest\"", "an empty name").ConfigureAwait(false);
                return;
            }

            await Act(ctx, node, new MigrateGuest(body.Guest, body.To, "operator request over the admin API")).ConfigureAwait(false);
        });
        app.MapPost("/api/v1/drain", ctx => Drain(ctx, node, drain: true));
        app.MapPost("/api/v1/undrain", ctx => Drain(ctx, node, drain: false));
        app.MapPost("/api/v1/predictions", async ctx =>
        {
            var bytes = await ReadAll(ctx).ConfigureAwait(false);
            FailurePrediction prediction;
            try
            {
                prediction = FailurePredictionJson.Deserialize(bytes);
            }
            catch (HealthFormatException e)
            {
                await Error(ctx, 400, "invalid failure prediction",
                    "ft.failure-prediction/1 JSON: {\"node\", \"expectedFailureUtc\", \"confidence\" (0..1), \"reason\", \"source\", \"version\": 1}", e.Message).ConfigureAwait(false);
                return;
            }

            await Act(ctx, node, new SubmitPrediction(prediction, "admin")).ConfigureAwait(false);
        });
        app.MapFallback(ctx => Error(ctx, 404, "no such route", "one of the routes in docs/admin-api.md (GET /api/v1/cluster, /health, /guests, /placements, /migrations, /upkeep; POST /api/v1/migrations, /drain, /undrain, /predictions, /upkeep/pause, /upkeep/resume; GET /metrics)",
            $"{ctx.Request.Method} {ctx.Request.Path}"));
    }

    private static async Task Drain(HttpContext ctx, IActorRef node, bool drain)
    {
        var body = await Body(ctx, AdminJsonContext.Default.DrainRequest, "{\"node\": SLURM_NODE_NAME, \"reason\": TEXT}").ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(body.Node))
        {
            await Error(ctx, 400, "no node named", "a Slurm node name in \"node\"", "an empty name").ConfigureAwait(false);
            return;
        }

        await Act(ctx, node, drain ? new DrainNode(body.Node, body.Reason) : new UndrainNode(body.Node)).ConfigureAwait(false);
    }

    private static async Task Act(HttpContext ctx, IActorRef node, object message)
    {
        await Ask(ctx, node, message, AdminJsonContext.Default.ActionResult).ConfigureAwait(false);
    }

    private static async Task Ask<T>(HttpContext ctx, IActorRef node, object message, JsonTypeInfo<T> info)
    {
        T reply;
        try
        {
            reply = await node.Ask<T>(message, AskTimeout, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            await Error(ctx, 503, "the node did not answer in time", $"an answer within {AskTimeout.TotalSeconds:0} s", "none").ConfigureAwait(false);
            return;
        }

        // Refused actions (no such guest, no spare, Slurm left alone) are 409: the request was well formed.
        ctx.Response.StatusCode = reply is ActionResult { Ok: false } ? 409 : 200;
        await ctx.Response.WriteAsJsonAsync(reply, info, contentType: "application/json; charset=utf-8", ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<T?> Body<T>(HttpContext ctx, JsonTypeInfo<T> info, string shape)
        where T : class
    {
        var bytes = await ReadAll(ctx).ConfigureAwait(false);
        try
        {
            var value = JsonSerializer.Deserialize(bytes, info);
            if (value is null)
            {
                await Error(ctx, 400, "invalid request body", "a JSON object " + shape, "null").ConfigureAwait(false);
            }

            return value;
        }
        catch (JsonException e)
        {
            await Error(ctx, 400, "invalid request body", "a JSON object " + shape,
                bytes.Length == 0 ? "an empty body" : $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<byte[]> ReadAll(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task Error(HttpContext ctx, int status, string error, string expected, string found)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new AdminError(error, expected, found), AdminJsonContext.Default.AdminError, contentType: "application/json; charset=utf-8", ctx.RequestAborted);
    }
}
