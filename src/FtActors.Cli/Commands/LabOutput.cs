using System.Globalization;
using FtActors.Lab;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using FtActors.Qemu;

namespace FtActors.Cli.Commands;

/// <summary>Shared plumbing of the <c>lab</c> commands: tables, error reporting, logging to stderr.</summary>
internal static class LabOutput
{
    /// <summary>
    /// Writes rows as a Spectre table on a terminal, or as tab-separated lines (with a header line)
    /// when stdout is redirected, so scripts can cut columns.
    /// </summary>
    public static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (Console.IsOutputRedirected)
        {
            Console.Out.WriteLine(string.Join('\t', headers));
            foreach (var row in list)
            {
                Console.Out.WriteLine(string.Join('\t', row));
            }

            return;
        }

        var table = new Table { Border = TableBorder.Rounded };
        foreach (var h in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(h)));
        }

        foreach (var row in list)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>
    /// Runs a lab action: a <see cref="LabException"/> or bad argument becomes a message on stderr and
    /// exit code 1 (or 2 for usage), never a stack trace.
    /// </summary>
    public static async Task<int> GuardAsync(string what, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{what}: cancelled");
            return CliApp.ExitFailed;
        }
        catch (Lab.Guests.GuestSpecException e)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitUsage;
        }
        catch (QemuException e)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitFailed;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitUsage;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitFailed;
        }
    }

    /// <summary>
    /// A logger factory writing to stderr: warnings by default, everything with FTACTORS_LAB_VERBOSE=1.
    /// </summary>
    public static ILoggerFactory CreateLoggerFactory() =>
        LoggerFactory.Create(b =>
        {
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            b.SetMinimumLevel(Environment.GetEnvironmentVariable("FTACTORS_LAB_VERBOSE") == "1" ? LogLevel.Debug : LogLevel.Warning);
        });

    /// <summary>Formats a nullable count for tables.</summary>
    public static string N(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Formats bytes as MB (10^6) with one decimal, as the baselines table does.</summary>
    public static string Mb(long? bytes) => bytes is { } b ? (b / 1e6).ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
