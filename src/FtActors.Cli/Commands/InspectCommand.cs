using System.CommandLine;
using System.Text.Json;
using FtActors.Images;
using FtActors.Images.Analysis;
using FtActors.Pages;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary><c>ftactors inspect IMAGE</c>: the footprint of one guest image (zero, distinct, duplicated pages, per region).</summary>
internal static class InspectCommand
{
    public static Command Build()
    {
        var image = new Argument<string>("image") { Description = "A guest image of any supported format." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON to stdout." };
        var options = ImageOptions.Create();
        var command = new Command("inspect", "Footprint of one guest image: pages, zero, non-zero, distinct, duplicates, per region.");
        command.Arguments.Add(image);
        command.Options.Add(json);
        options.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(json), options.Read(parse)));
        return command;
    }

    private static int Run(string path, bool json, ImageOpenOptions options)
    {
        try
        {
            using var opened = ImageReader.Open(path, options);
            var report = new ImageInspector(PageEngines.Default).Inspect(opened);
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.InspectReport));
                return CliApp.ExitOk;
            }

            var summary = new Table2(["image", "format", "size MiB", "pages", "zero", "non-zero", "distinct non-zero", "duplicate pages", "duplicated contents", "pagetables", "not present"]);
            summary.Add([report.Path, report.Format, Mib(report.Pages), N(report.Pages), N(report.Zero), N(report.NonZero), N(report.DistinctNonZero),
                N(report.DuplicatePages), N(report.DuplicateContents), N(report.PageTables), N(report.NotPresent)]);
            summary.Write($"Footprint ({report.Engine} page engine)");
            var regions = new Table2(["region", "GPA", "pages", "zero", "non-zero", "%", "pagetables", "not present"]);
            foreach (var r in report.Regions)
            {
                regions.Add([r.Name, Gpa(r.GuestPhysicalAddress), N(r.Pages), N(r.Zero), N(r.NonZero), Pct(r.NonZero, r.Pages), N(r.PageTables), N(r.NotPresent)]);
            }

            regions.Write("Per region");
            foreach (var (key, value) in report.Properties.Where(p => p.Key != "config"))
            {
                Console.Out.WriteLine($"{key}: {value}");
            }

            return CliApp.ExitOk;
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"inspect: {e.Message}");
            return CliApp.ExitUsage;
        }
    }
}
