namespace FtActors.Config.Parsing;

/// <summary>
/// Reads included files for one document: finds them relative to the including file, skips missing
/// optional ones, and refuses include cycles.
/// </summary>
internal sealed class HoconIncluder
{
    private readonly HoconParseOptions _options;
    private readonly List<string> _stack = [];

    public HoconIncluder(HoconParseOptions options)
    {
        _options = options;
    }

    public HoconParseOptions Options => _options;

    public void Enter(string fullPath) => _stack.Add(fullPath);

    public void Include(
        string name,
        bool required,
        string? directory,
        SourcePosition at,
        HoconObject target,
        string[] targetRel,
        HoconParser.Context context)
    {
        var display = System.IO.Path.Combine(directory ?? string.Empty, name);

        // "foo" may name foo.conf, as in Typesafe Config's extension-less includes.
        if (!System.IO.File.Exists(display) && !System.IO.Path.HasExtension(display) && System.IO.File.Exists(display + ".conf"))
        {
            display += ".conf";
        }

        string fullPath;
        try
        {
            fullPath = System.IO.Path.GetFullPath(display);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HoconException($"expected a usable file name in the include, found \"{name}\" ({e.Message})", null, at.File, at.Line, at.Column, e);
        }

        if (!System.IO.File.Exists(fullPath))
        {
            if (required)
            {
                throw new HoconException($"expected the required include \"{name}\" to exist, found no file at {fullPath}", null, at.File, at.Line, at.Column);
            }

            return;
        }

        if (_stack.Contains(fullPath, StringComparer.Ordinal))
        {
            throw new HoconException(
                $"expected includes without cycles, found \"{name}\" including itself ({string.Join(" -> ", _stack.Append(fullPath).Select(System.IO.Path.GetFileName))})",
                null, at.File, at.Line, at.Column);
        }

        string text;
        try
        {
            text = System.IO.File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconException($"expected to read the include \"{name}\", found an I/O error: {e.Message}", null, at.File, at.Line, at.Column, e);
        }

        _stack.Add(fullPath);
        try
        {
            HoconParser.ParseIncluded(text, display, this, target, targetRel, context);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }
}
