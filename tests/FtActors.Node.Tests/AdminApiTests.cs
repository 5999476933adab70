using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FtActors.Admin;
using FtActors.Metrics.Tests;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>
/// The admin API against one real node process over real HTTP: every read route, the actions and their errors.
/// The node has no guests and no spare, so actions that would move a guest are refused with a reason.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class AdminApiTests : IAsyncLifetime, IDisposable
{
    private RunningNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _node = await RunningNode.StartAsync("cn-admin");
        _http = new HttpClient { BaseAddress = _node.Admin };
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task GetCluster_RunningNode_ListsItselfUpWithItsRole()
    {
        using var client = new AdminClient(_node.Admin);

        var view = await client.GetClusterAsync(CancellationToken.None);

        Assert.Equal("cn-admin", view.Node);
        var self = Assert.Single(view.Members, m => m.IsSelf);
        Assert.Equal("Up", self.Status);
        Assert.True(self.Reachable);
        Assert.Equal(["compute"], self.Roles.ToArray());
        Assert.Equal(view.Self, self.Address);
    }

    [Fact]
    public async Task GetHealth_FaultInjectionSource_ReportsTheInjectedReading()
    {
        using var client = new AdminClient(_node.Admin);

        var check = await Eventually.WaitForAsync(async () => (await client.GetHealthAsync(CancellationToken.None)).Checks.FirstOrDefault(c => c.Check == "inject/cpu-temp"));

        Assert.Equal("ok", check.State);
        Assert.Equal(50, check.Value);
        Assert.Equal("C", check.Unit);
    }

    [Fact]
    public async Task GetMetrics_AfterPolls_StrictParserReadsHealthNodeAndClusterFamilies()
    {
        using var client = new AdminClient(_node.Admin);
        await Eventually.WaitForAsync(async () => (await client.GetHealthAsync(CancellationToken.None)).Checks.FirstOrDefault(c => c.Check == "inject/cpu-temp"));
        await Eventually.WaitForAsync(async () => (await _http.GetStringAsync(new Uri("metrics", UriKind.Relative))).Contains("ftactors_health_reading{", StringComparison.Ordinal) ? "yes" : null);

        var text = await _http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var families = StrictExpositionParser.Parse(text).ToDictionary(f => f.Name);

        var reading = Assert.Single(families["ftactors_health_reading"].Samples, s => s.Labels["check"] == "inject/cpu-temp");
        Assert.Equal(50, reading.Value);
        Assert.Equal("C", reading.Labels["unit"]);
        Assert.Equal(0, Assert.Single(families["ftactors_health_check_state"].Samples, s => s.Labels["check"] == "inject/cpu-temp").Value);
        Assert.Equal(1, Assert.Single(families["ftactors_cluster_self_up"].Samples).Value);
        Assert.Equal(1, Assert.Single(families["ftactors_cluster_members"].Samples, s => s.Labels["status"] == "Up").Value);
        Assert.True(Assert.Single(families["ftactors_health_polls_total"].Samples).Value >= 1);
        Assert.Equal(0, Assert.Single(families["ftactors_migrations_running"].Samples).Value);
        Assert.Contains("ftactors_guest_time_to_evacuate_seconds", families.Keys);
        Assert.Contains("ftactors_migration_downtime_seconds", families.Keys);
    }

    [Fact]
    public async Task PostPrediction_ForThisNode_IsActedOnDrainsSlurmAndCountsInMetrics()
    {
        var prediction = $"{{\"node\":\"cn-admin\",\"expectedFailureUtc\":\"{DateTimeOffset.UtcNow.AddMinutes(2):O}\",\"confidence\":0.9,\"reason\":\"fan failing\",\"source\":\"test\",\"version\":1}}";

        using var response = await _http.PostAsync(new Uri("api/v1/predictions", UriKind.Relative), new StringContent(prediction, Encoding.UTF8, "application/json"));
        var result = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), AdminJsonContext.Default.ActionResult)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result.Ok, result.Message);
        Assert.Contains("evacuating 0 guest(s) of cn-admin", result.Message, StringComparison.Ordinal);
        await _node.WaitForLineAsync("Slurm: drained cn-admin");
        var calls = await File.ReadAllLinesAsync(_node.ScontrolLog);
        Assert.Contains(calls, c => c == "show node cn-admin");
        Assert.Contains(calls, c => c.StartsWith("update NodeName=cn-admin State=DRAIN Reason=FtActors: failure predicted at ", StringComparison.Ordinal) && c.EndsWith("(fan failing)", StringComparison.Ordinal));
        var metrics = StrictExpositionParser.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative))).ToDictionary(f => f.Name);
        Assert.Equal(1, Assert.Single(metrics["ftactors_node_predictions_received_total"].Samples, s => s.Labels["origin"] == "admin").Value);
        Assert.Equal(1, Assert.Single(metrics["ftactors_slurm_drained"].Samples).Value);
        using var client = new AdminClient(_node.Admin);
        var health = await client.GetHealthAsync(CancellationToken.None);
        Assert.Equal("fan failing", health.LastPrediction?.Reason);
    }

    [Fact]
    public async Task PostPrediction_BadVersion_400WithExpectedAndFound()
    {
        using var response = await _http.PostAsync(new Uri("api/v1/predictions", UriKind.Relative),
            new StringContent("{\"node\":\"cn-admin\",\"expectedFailureUtc\":\"2026-01-01T00:00:00Z\",\"confidence\":0.5,\"reason\":\"r\",\"source\":\"s\",\"version\":7}", Encoding.UTF8, "application/json"));
        var error = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), AdminJsonContext.Default.AdminError)!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid failure prediction", error.Error);
        Assert.Contains("version", error.Expected, StringComparison.Ordinal);
        Assert.Contains("expected version 1, found 7", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMigration_BrokenJson_400NamesLineAndByte()
    {
        using var response = await _http.PostAsync(new Uri("api/v1/migrations", UriKind.Relative), new StringContent("{\"guest\": ", Encoding.UTF8, "application/json"));
        var error = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), AdminJsonContext.Default.AdminError)!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"guest\"", error.Expected, StringComparison.Ordinal);
        Assert.StartsWith("invalid JSON at line 1, byte ", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMigration_UnknownGuest_409SaysNoSuchGuest()
    {
        using var response = await _http.PostAsync(new Uri("api/v1/migrations", UriKind.Relative), new StringContent("{\"guest\":\"nosuch\"}", Encoding.UTF8, "application/json"));
        var result = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), AdminJsonContext.Default.ActionResult)!;

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.False(result.Ok);
        Assert.Contains("no guest named 'nosuch' on cn-admin", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownRoute_404JsonListsTheRoutes()
    {
        using var response = await _http.GetAsync(new Uri("api/v1/nothing", UriKind.Relative));
        var error = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), AdminJsonContext.Default.AdminError)!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("GET /api/v1/nothing", error.Found);
        Assert.Contains("GET /api/v1/cluster", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpkeepPauseThenResume_ReportsEachState()
    {
        using var client = new AdminClient(_node.Admin);

        var paused = await client.SetUpkeepAsync(true, CancellationToken.None);
        var status = await client.GetUpkeepAsync(CancellationToken.None);
        var resumed = await client.SetUpkeepAsync(false, CancellationToken.None);

        Assert.True(paused.Paused);
        Assert.True(status.Paused);
        Assert.False(resumed.Paused);
    }
}
