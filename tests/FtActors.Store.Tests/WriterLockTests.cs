using FtActors.Store;
using Xunit;

namespace FtActors.Store.Tests;

/// <summary>A store creation that fails half way releases the writer lock it took.</summary>
public class WriterLockTests
{
    [Fact]
    public void Create_FailsAfterTakingTheLock_ReleasesItSoARetrySucceeds()
    {
        var dir = TestData.TempDir();
        try
        {
            // A directory where the pages file must go: creation takes the lock, then cannot create the file.
            var obstacle = Path.Combine(dir, StoreFormat.PagesFileName);
            Directory.CreateDirectory(obstacle);
            var error = Assert.Throws<StoreException>(() => PageStoreWriter.Create(dir));
            Assert.Contains("cannot create the store", error.Message, StringComparison.Ordinal);

            Directory.Delete(obstacle);
            using var writer = PageStoreWriter.Create(dir);
            Assert.True(PageStore.Exists(dir));
        }
        finally
        {
            TestData.RemoveTempDir(dir);
        }
    }
}
