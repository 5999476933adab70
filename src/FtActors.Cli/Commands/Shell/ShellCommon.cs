using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FtActors.Admin;
using Spectre.Console;

namespace FtActors.Cli.Commands.Shell;

/// <summary>
/// What every operator-shell command shares: the node to talk to (<c>--node URL</c>, else <c>FTACTORS_ADMIN</c>, else
/// http://127.0.0.1:9464), the token, <c>--json</c>, and output as Spectre tables with colours on a terminal or plain
/// tab-separated text when redirected. Exit codes: 0 ok, 1 the node refused or failed, 2 usage or connection error.
/// </summary>
internal static class ShellCommon
{
    /// <summary>The option naming the node's admin URL; <paramref name="name"/> is <c>--node</c> except where that names a failing node.</summary>
    public static Option<string?> NodeOption(string name = "--node") =>
        new(name, name == "--node" ? ["--admin"] : []) { Description = "Admin URL of the node to ask (http://host:port or host:port); default $FTACTORS_ADMIN or http://127.0.0.1:" + AdminClient.DefaultPort + "." };

    public static Option<string?> TokenFileOption() =>
        new("--token-file") { Description = "File with the admin bearer token (default $FTACTORS_ADMIN_TOKEN, if set)." };

    public static Option<bool> JsonOption() => new("--json") { Description = "Write the node's JSON answer to stdout." };

    /// <summary>Adds the node, token and JSON options to <paramref name="command"/>.</summary>
    public static (Option<string?> Node, Option<string?> Token, Option<bool> Json) AddCommon(Command command, string nodeOption = "--node")
    {
        var node = NodeOption(nodeOption);
        var token = TokenFileOption();
        var json = JsonOption();
        command.Options.Add(node);
        command.Options.Add(token);
        command.Options.Add(json);
        return (node, token, json);
    }

    /// <summary>Runs <paramref name="action"/> with a client; turns client errors into a message on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(string what, string? node, string? tokenFile, Func<AdminClient, Task<int>> action)
    {
        try
        {
            var url = AdminClient.ParseNode(node ?? Environment.GetEnvironmentVariable("FTACTORS_ADMIN") ?? $"http://127.0.0.1:{AdminClient.DefaultPort}");
            string? token = null;
            if (tokenFile is not null)
            {
                token = (await File.ReadAllTextAsync(tokenFile).ConfigureAwait(false)).Trim();
            }
            else if (Environment.GetEnvironmentVariable("FTACTORS_ADMIN_TOKEN") is { Length: > 0 } env)
            {
                token = env.Trim();
            }

            using var client = new AdminClient(url, token);
            return await action(client).ConfigureAwait(false);
        }
        catch (AdminClientException e)
        {
            await Console.Error.WriteLineAsync($"{what}: {e.Message}").ConfigureAwait(false);
            return e.StatusCode is null or 400 or 401 or 404 ? CliApp.ExitUsage : CliApp.ExitFailed;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"{what}: cannot read the token file: {e.Message}").ConfigureAwait(false);
            return CliApp.ExitUsage;
        }
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON.</summary>
    public static void WriteJson<T>(T value, JsonTypeInfo<T> info)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, info));
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            doc.WriteTo(writer);
        }

        stdout.WriteByte((byte)'\n');
    }

    /// <summary>True when output goes to a terminal (tables and colours), false when redirected (plain text).</summary>
    public static bool Fancy => !Console.IsOutputRedirected;

    /// <summary>A table: Spectre with markup on a terminal, tab-separated plain text otherwise. Cells are plain text; <paramref name="colour"/> colours whole cells.</summary>
    public static void Table(string[] headers, IEnumerable<string[]> rows, Func<int, string, string?>? colour = null)
    {
        if (!Fancy)
        {
            Console.Out.WriteLine(string.Join('\t', headers));
            foreach (var r in rows)
            {
                Console.Out.WriteLine(string.Join('\t', r));
            }

            return;
        }

        var table = new Table().AddColumns(headers);
        foreach (var r in rows)
        {
            table.AddRow(r.Select((cell, i) => colour?.Invoke(i, cell) is { } c ? $"[{c}]{Markup.Escape(cell)}[/]" : Markup.Escape(cell)).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Colour of a health state or outcome word.</summary>
    public static string? StateColour(string state) => state switch
    {
        "ok" or "Up" or "committed" or "running" => "green",
        "warning" or "Joining" or "WeaklyUp" or "Leaving" or "Exiting" or "migrating" or "queued" => "yellow",
        "failing" or "Down" or "aborted" => "red",
        "unknown" or "Removed" or "moved" => "grey",
        _ => null,
    };

    public static string F(double? value, string format = "0.###") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    public static string Pct(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string MiB(long bytes) => (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MiB";

    /// <summary>A text progress bar, e.g. <c>[########------------] 40%</c>.</summary>
    public static string Bar(double fraction, int width = 20)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return "[" + new string('#', filled) + new string('-', width - filled) + "] " + Pct(fraction);
    }

    /// <summary>Prints an action's answer and returns its exit code.</summary>
    public static int Action(ActionResult result, bool json)
    {
        if (json)
        {
            WriteJson(result, AdminJsonContext.Default.ActionResult);
        }
        else
        {
            Console.Out.WriteLine(result.Message + (result.Id is { } id ? $" (migration {id})" : string.Empty));
        }

        return result.Ok ? CliApp.ExitOk : CliApp.ExitFailed;
    }
}
