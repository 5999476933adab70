using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FtActors.Images;
using FtActors.Images.Analysis;
using FtActors.Pages;
using Spectre.Console;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors compare A B [C ...]</c>: how much of each image the first one already holds, by position (the
/// 2006 prototype's measure) and by content anywhere; zero pages; per region; what all share.
/// </summary>
internal static class CompareCommand
{
    public static Command Build()
    {
        var images = new Argument<string[]>("images")
        {
            Description = "Two or more guest images (raw, ELF core, QEMU stream, mapped-ram, shared RAM file with --format, Xen save). The first is the reference.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON to stdout." };
        var map = new Option<string?>("--map") { Description = "Draw the first pair as a page map: FILE.png or FILE.svg." };
        var options = ImageOptions.Create();
        var command = new Command("compare", "Compare guest memory images page by page: same place, same content anywhere, zero, per region.");
        command.Arguments.Add(images);
        command.Options.Add(json);
        command.Options.Add(map);
        options.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(images) ?? [], parse.GetValue(json), parse.GetValue(map), options.Read(parse)));
        return command;
    }

    private static int Run(string[] paths, bool json, string? mapPath, ImageOpenOptions options)
    {
        if (paths.Length < 2)
        {
            Console.Error.WriteLine("compare: give at least two images");
            return CliApp.ExitUsage;
        }

        var opened = new List<IGuestImage>();
        try
        {
            foreach (var path in paths)
            {
                opened.Add(ImageReader.Open(path, options));
            }

            var runs = mapPath is null ? null : new List<PageStateRun>();
            var report = new ImageComparer(PageEngines.Default).Compare(opened, runs);
            if (mapPath is not null && runs is not null)
            {
                int perPixel = PageMapWriter.Write(mapPath, runs);
                Console.Error.WriteLine($"page map written to {mapPath} ({perPixel} page(s) per pixel, {PageMapWriter.Width} pixels per row)");
            }

            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.CompareReport));
            }
            else
            {
                Render(report);
            }

            return report.Identical ? CliApp.ExitOk : CliApp.ExitFailed;
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"compare: {e.Message}");
            return CliApp.ExitUsage;
        }
        finally
        {
            foreach (var image in opened)
            {
                image.Dispose();
            }
        }
    }

    private static void Render(CompareReport report)
    {
        var images = new Table2(["#", "image", "format", "size MiB", "pages", "zero", "non-zero", "distinct non-zero"]);
        for (int i = 0; i < report.Images.Count; i++)
        {
            var s = report.Images[i];
            images.Add([N(i + 1), s.Path, s.Format, Mib(s.Pages), N(s.Pages), N(s.Zero), N(s.NonZero), N(s.DistinctNonZero)]);
        }

        images.Write("Images");
        var pairs = new Table2(["pair", "pages", "matches (same place)", "%", "non-zero matches", "found anywhere (non-zero)", "%", "zero both", "moved", "different", "only 1st", "only other"]);
        for (int k = 0; k < report.Pairs.Count; k++)
        {
            var p = report.Pairs[k];
            var t = p.Totals;
            pairs.Add([$"1 vs {k + 2}", N(t.Pages), N(t.Same), Pct(t.Same, t.Pages), N(t.SameNonZero), N(p.FoundAnywhere), Pct(p.FoundAnywhere, p.SecondNonZero),
                N(t.ZeroBoth), N(t.Moved), N(t.Different), N(t.OnlyFirst), N(t.OnlySecond)]);
        }

        pairs.Write("By position and by content (percent of pages; found-anywhere percent of the other image's non-zero pages)");
        for (int k = 0; k < report.Pairs.Count; k++)
        {
            var regions = new Table2(["region", "GPA", "pages", "matches", "%", "non-zero matches", "zero both", "moved", "different", "only 1st", "only other"]);
            foreach (var r in report.Pairs[k].Regions)
            {
                regions.Add([r.Name, Gpa(r.GuestPhysicalAddress), N(r.Pages), N(r.Same), Pct(r.Same, r.Pages), N(r.SameNonZero), N(r.ZeroBoth), N(r.Moved), N(r.Different), N(r.OnlyFirst), N(r.OnlySecond)]);
            }

            regions.Write($"Per region, 1 vs {k + 2}");
        }

        var c = report.Common;
        Console.Out.WriteLine(
            $"Common to all {report.Images.Count} images: {N(c.SamePositionNonZero)} non-zero pages at the same place; " +
            $"{N(c.DistinctContents)} distinct non-zero contents anywhere ({N(c.FirstImagePages)} pages of image 1, {Mib(c.FirstImagePages)} MiB): the pre-deploy candidates.");
        Console.Out.WriteLine(report.Identical ? "Identical." : "Different.");
    }

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Mib(long pages) => (pages * (double)PageSize.Bytes / (1 << 20)).ToString("N1", CultureInfo.InvariantCulture);

    internal static string Pct(long part, long whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("F2", CultureInfo.InvariantCulture);

    internal static string Gpa(ulong? gpa) => gpa is { } g ? "0x" + g.ToString("x", CultureInfo.InvariantCulture) : "-";

    /// <summary>Options shared by compare and inspect for opening images whose format or layout the file does not tell.</summary>
    internal sealed class ImageOptions
    {
        private readonly Option<string?> _format = new("--format")
        {
            Description = "Force a format instead of detecting it: raw, shared-ram, elf, qemu-stream, qemu-mapped-ram, xen-xl, xen-libxl, xen-libxc, xen-legacy.",
        };

        private readonly Option<string?> _machine = new("--machine") { Description = "PC machine for GPA mapping of RAM blocks: pc (i440fx, default) or q35." };
        private readonly Option<string?> _ramBlock = new("--ram-block") { Description = "Name of the main RAM block (default pc.ram)." };
        private readonly Option<ulong?> _base = new("--raw-base") { Description = "GPA of a raw dump's first byte (pmemsave val)." };

        public static ImageOptions Create() => new();

        public void AddTo(Command command)
        {
            command.Options.Add(_format);
            command.Options.Add(_machine);
            command.Options.Add(_ramBlock);
            command.Options.Add(_base);
            _format.Validators.Add(result =>
            {
                string? value = result.GetValueOrDefault<string?>();
                if (value is not null && ImageReader.ParseName(value) is null)
                {
                    result.AddError($"unknown format '{value}'");
                }
            });
        }

        public ImageOpenOptions Read(ParseResult parse)
        {
            string? format = parse.GetValue(_format);
            return new ImageOpenOptions
            {
                Format = format is null ? null : ImageReader.ParseName(format),
                Machine = parse.GetValue(_machine),
                MainRamBlock = parse.GetValue(_ramBlock) ?? "pc.ram",
                RawBaseAddress = parse.GetValue(_base) ?? 0,
            };
        }
    }

    /// <summary>A table drawn with Spectre.Console on a terminal and as aligned plain text when stdout is redirected.</summary>
    internal sealed class Table2(string[] headers)
    {
        private readonly List<string[]> _rows = [];

        public void Add(string[] row) => _rows.Add(row);

        public void Write(string title)
        {
            if (Console.IsOutputRedirected)
            {
                var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
                Console.Out.WriteLine(title);
                Console.Out.WriteLine(string.Join("  ", headers.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
                foreach (var row in _rows)
                {
                    Console.Out.WriteLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
                }

                Console.Out.WriteLine();
                return;
            }

            var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
            for (int i = 0; i < headers.Length; i++)
            {
                var column = new TableColumn(Markup.Escape(headers[i]));
                table.AddColumn(i == 0 ? column : column.RightAligned());
            }

            foreach (var row in _rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(table);
        }
    }
}
