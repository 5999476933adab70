using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Admin;

/// <summary>
/// Calls one node's admin endpoint (docs/admin-api.md). Every method throws <see cref="AdminClientException"/>
/// when the node cannot be reached or answers with an error; the message names the URL and the node's reason.
/// </summary>
public sealed class AdminClient : IDisposable
{
    /// <summary>The admin port used when neither <c>--node</c> nor <c>FTACTORS_ADMIN</c> names one (same as <c>ftactors.metrics.port</c>).</summary>
    public const int DefaultPort = 9464;

    private readonly HttpClient _http;

    /// <summary>Creates a client for the node at <paramref name="baseAddress"/> (e.g. <c>http://127.0.0.1:9464/</c>).</summary>
    /// <param name="baseAddress">The node's admin URL.</param>
    /// <param name="token">Bearer token, when the node requires one.</param>
    /// <param name="timeout">Per-request timeout.</param>
    public AdminClient(Uri baseAddress, string? token = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The node's admin URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Parses <c>--node</c> values: a URL, or <c>host:port</c>, or a bare host (default port).</summary>
    /// <exception cref="AdminClientException">The value is none of these.</exception>
    public static Uri ParseNode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new AdminClientException($"--node: expected a URL such as http://127.0.0.1:{DefaultPort} or host:port, found \"{value}\"");
        }

        if (uri.IsDefaultPort && !value.Contains(":" + uri.Port, StringComparison.Ordinal))
        {
            try
            {
                uri = new UriBuilder(uri) { Port = DefaultPort }.Uri;
            }
            catch (UriFormatException e)
            {
                // A host Uri accepted but cannot rebuild with a port (found by the property tests): still bad input.
                throw new AdminClientException($"--node: expected a URL such as http://127.0.0.1:{DefaultPort} or host:port, found \"{value}\" ({e.Message})", e);
            }
        }

        return uri;
    }

    /// <summary>GET /api/v1/cluster.</summary>
    public Task<ClusterView> GetClusterAsync(CancellationToken ct) => GetAsync("api/v1/cluster", AdminJsonContext.Default.ClusterView, ct);

    /// <summary>GET /api/v1/health.</summary>
    public Task<HealthView> GetHealthAsync(CancellationToken ct) => GetAsync("api/v1/health", AdminJsonContext.Default.HealthView, ct);

    /// <summary>GET /api/v1/guests.</summary>
    public Task<GuestsView> GetGuestsAsync(CancellationToken ct) => GetAsync("api/v1/guests", AdminJsonContext.Default.GuestsView, ct);

    /// <summary>GET /api/v1/placements.</summary>
    public Task<PlacementsView> GetPlacementsAsync(CancellationToken ct) => GetAsync("api/v1/placements", AdminJsonContext.Default.PlacementsView, ct);

    /// <summary>GET /api/v1/migrations.</summary>
    public Task<MigrationsView> GetMigrationsAsync(CancellationToken ct) => GetAsync("api/v1/migrations", AdminJsonContext.Default.MigrationsView, ct);

    /// <summary>GET /api/v1/upkeep.</summary>
    public Task<UpkeepView> GetUpkeepAsync(CancellationToken ct) => GetAsync("api/v1/upkeep", AdminJsonContext.Default.UpkeepView, ct);

    /// <summary>POST /api/v1/migrations: move a guest now. A refusal (no such guest, not running) comes back as <c>Ok = false</c>.</summary>
    public Task<ActionResult> MigrateAsync(MigrateRequest request, CancellationToken ct) =>
        PostAsync("api/v1/migrations", Json(request, AdminJsonContext.Default.MigrateRequest), AdminJsonContext.Default.ActionResult, ct);

    /// <summary>POST /api/v1/drain.</summary>
    public Task<ActionResult> DrainAsync(DrainRequest request, CancellationToken ct) =>
        PostAsync("api/v1/drain", Json(request, AdminJsonContext.Default.DrainRequest), AdminJsonContext.Default.ActionResult, ct);

    /// <summary>POST /api/v1/undrain.</summary>
    public Task<ActionResult> UndrainAsync(DrainRequest request, CancellationToken ct) =>
        PostAsync("api/v1/undrain", Json(request, AdminJsonContext.Default.DrainRequest), AdminJsonContext.Default.ActionResult, ct);

    /// <summary>POST /api/v1/predictions with a prediction already in its wire form (<c>ft.failure-prediction/1</c> JSON).</summary>
    public Task<ActionResult> PredictAsync(byte[] predictionJson, CancellationToken ct) =>
        PostAsync("api/v1/predictions", predictionJson, AdminJsonContext.Default.ActionResult, ct);

    /// <summary>POST /api/v1/upkeep/pause or /resume.</summary>
    public Task<UpkeepView> SetUpkeepAsync(bool pause, CancellationToken ct) =>
        PostAsync(pause ? "api/v1/upkeep/pause" : "api/v1/upkeep/resume", [], AdminJsonContext.Default.UpkeepView, ct);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static byte[] Json<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);

    private Task<T> GetAsync<T>(string path, JsonTypeInfo<T> info, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), info, ct);

    private Task<T> PostAsync<T>(string path, byte[] body, JsonTypeInfo<T> info, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return SendAsync(request, info, ct);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> info, CancellationToken ct)
    {
        var url = new Uri(BaseAddress, request.RequestUri!);
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new AdminClientException($"cannot reach the node at {url}: {e.Message}", null, null, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new AdminClientException($"the node at {url} did not answer within {_http.Timeout.TotalSeconds:0} s", null, null, e);
            }

            using (response)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                // A refused action (409) is an answer, not a failure to talk: its ActionResult says why.
                var refused = response.StatusCode == System.Net.HttpStatusCode.Conflict && typeof(T) == typeof(ActionResult);
                if (!response.IsSuccessStatusCode && !refused)
                {
                    AdminError? error = null;
                    try
                    {
                        error = JsonSerializer.Deserialize(bytes, AdminJsonContext.Default.AdminError);
                    }
                    catch (JsonException)
                    {
                        // Not one of ours (a proxy's page, say): the raw text goes into the message below.
                    }

                    var detail = error is null
                        ? Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300))
                        : $"{error.Error} (expected {error.Expected}, found {error.Found})";
                    throw new AdminClientException($"{request.Method} {url}: HTTP {(int)response.StatusCode}: {detail}", (int)response.StatusCode, error);
                }

                try
                {
                    return JsonSerializer.Deserialize(bytes, info)
                        ?? throw new AdminClientException($"{request.Method} {url}: expected a JSON object, found null");
                }
                catch (JsonException e)
                {
                    throw new AdminClientException($"{request.Method} {url}: expected a {typeof(T).Name} as JSON, found invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", null, null, e);
                }
            }
        }
    }
}
