namespace FtActors.Migration.Tests;

/// <summary>Test teardown must never replace the failure a test reports.</summary>
public class TestFilesTests
{
    [Fact]
    public void Dispose_DirectoryAlreadyGone_IsNothingToDo()
    {
        var files = new TestFiles();
        Directory.Delete(files.Directory, recursive: true);

        var e = Record.Exception(files.Dispose);

        Assert.Null(e);
    }
}
