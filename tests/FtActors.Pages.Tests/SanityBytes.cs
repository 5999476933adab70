namespace FtActors.Pages.Tests;

/// <summary>
/// The byte sequence xxHash's own sanity check hashes: a 64-bit multiplicative generator whose top byte
/// is each output byte. The expected hashes in the tests were produced by running Debian's
/// <c>xxhsum -H2</c> (0.8.1) on files holding the first N bytes of this sequence.
/// </summary>
internal static class SanityBytes
{
    public static byte[] Create(int length)
    {
        const ulong Prime32 = 2654435761UL;
        const ulong Prime64 = 11400714785074694797UL;
        byte[] bytes = new byte[length];
        ulong state = Prime32;
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(state >> 56);
            state *= Prime64;
        }

        return bytes;
    }
}
