using Xunit;

namespace FtActors.Node.Tests;

/// <summary>A node with <c>ftactors.admin.token-file</c>: the API needs the bearer token, /metrics does not.</summary>
[Trait("Category", "MultiProcess")]
public sealed class TokenTests
{
    [Fact]
    public async Task Api_WithAndWithoutToken_401ThenOkAndMetricsOpen()
    {
        await using var node = await RunningNode.StartAsync("cn-token", token: "s3cret");
        var tokenFile = Path.Combine(node.Directory, "token");

        var (noExit, _, noErr) = await RunningNode.ShellAsync("cluster", "--node", node.Admin.ToString());
        var (okExit, okOut, okErr) = await RunningNode.ShellAsync("cluster", "--node", node.Admin.ToString(), "--token-file", tokenFile);
        using var http = new HttpClient();
        using var metrics = await http.GetAsync(new Uri(node.Admin, "metrics"));

        Assert.Equal(2, noExit);
        Assert.Contains("HTTP 401: not authorised (expected an Authorization: Bearer header with the node's admin token, found no Authorization header)", noErr, StringComparison.Ordinal);
        Assert.True(okExit == 0, okErr);
        Assert.Contains("\tUp\t", okOut, StringComparison.Ordinal);
        Assert.True(metrics.IsSuccessStatusCode);
    }
}
