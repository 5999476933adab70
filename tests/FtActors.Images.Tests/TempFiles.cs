namespace FtActors.Images.Tests;

/// <summary>Temporary image files deleted when the test ends.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly List<string> _paths = [];

    public string Write(byte[] bytes)
    {
        string path = TestPages.TempFile(bytes);
        _paths.Add(path);
        return path;
    }

    public string NewPath(string suffix = "")
    {
        string path = Path.Combine(Path.GetTempPath(), "ftimg-" + Guid.NewGuid().ToString("N") + suffix);
        _paths.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless; the test result is what matters.
            }
        }
    }
}
