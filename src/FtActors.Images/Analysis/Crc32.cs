namespace FtActors.Images.Analysis;

/// <summary>
/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as PNG chunks need it. Written here because the BCL's
/// System.IO.Hashing is a separate package this machine's feed does not serve.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        uint crc = 0xFFFF_FFFF;
        crc = Update(crc, first);
        crc = Update(crc, second);
        return crc ^ 0xFFFF_FFFF;
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
