using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FtActors.Pages.Hashing;

/// <summary>
/// XXH3-128 with seed 0 and the default secret, written from the xxHash specification
/// (doc/xxhash_spec.md, "XXH3 Algorithm Description"). The seed is fixed at 0 because every page hash in
/// FtActors is compared across nodes and saves; a seed would only be one more thing to agree on. Inputs
/// up to 240 bytes take the short scalar paths of the specification; longer inputs (every page) take the
/// stripe loop in <c>Xxh3.Large.cs</c>, which is vectorised.
/// </summary>
internal static partial class Xxh3
{
    private const ulong Prime32_1 = 0x9E3779B1UL;
    private const ulong Prime32_2 = 0x85EBCA77UL;
    private const ulong Prime32_3 = 0xC2B2AE3DUL;
    private const ulong Prime64_1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime64_2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime64_3 = 0x165667B19E3779F9UL;
    private const ulong Prime64_4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime64_5 = 0x27D4EB2F165667C5UL;
    private const ulong PrimeMx1 = 0x165667919E3779F9UL;
    private const ulong PrimeMx2 = 0x9FB21C651E98DF25UL;

    /// <summary>Bytes in the default secret; the large-input offsets below are derived from it.</summary>
    private const int SecretLength = 192;

    /// <summary>
    /// The specification's default 192-byte secret. A <c>ReadOnlySpan&lt;byte&gt;</c> over a constant array
    /// compiles to a reference into the assembly's data section, so reading it never allocates.
    /// </summary>
    private static ReadOnlySpan<byte> DefaultSecret =>
    [
        0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
        0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
        0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
        0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
        0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
        0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
        0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
        0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
        0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
        0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
        0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
    ];

    /// <summary>XXH3-128 (seed 0) of <paramref name="input"/>, using the fastest vector path measured on this CPU.</summary>
    public static PageHash Hash128(ReadOnlySpan<byte> input) => Hash128(input, BestLevel);

    /// <summary>
    /// XXH3-128 (seed 0) using a chosen vector level for long inputs, so tests can show every level gives
    /// the same answer on this machine. A level the CPU lacks falls back to the next narrower one.
    /// </summary>
    public static PageHash Hash128(ReadOnlySpan<byte> input, SimdLevel level)
    {
        int length = input.Length;
        if (length <= 16)
        {
            return HashUpTo16(input);
        }

        if (length <= 128)
        {
            return Hash17To128(input);
        }

        return length <= 240 ? Hash129To240(input) : HashLarge(input, level);
    }

    private static PageHash HashUpTo16(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> secret = DefaultSecret;
        int length = input.Length;
        if (length > 8)
        {
            ulong first = ReadU64(input, 0);
            ulong last = ReadU64(input, length - 8);
            ulong val1 = (ReadU64(secret, 32) ^ ReadU64(secret, 40)) ^ first ^ last;
            ulong val2 = (ReadU64(secret, 48) ^ ReadU64(secret, 56)) ^ last;
            ulong mulHigh = Math.BigMul(val1, Prime64_1, out ulong mulLow);
            ulong low = mulLow + ((ulong)(length - 1) << 54);
            ulong high = mulHigh + (val2 & 0xFFFFFFFF00000000UL) + ((val2 & 0xFFFFFFFFUL) * Prime32_2);
            low ^= BinaryPrimitives.ReverseEndianness(high);
            // {low, high} * Prime64_2 as a 128-by-64-bit product, keeping 128 bits.
            ulong productHigh = Math.BigMul(low, Prime64_2, out ulong productLow);
            high = productHigh + (high * Prime64_2);
            return new PageHash(Avalanche(productLow), Avalanche(high));
        }

        if (length >= 4)
        {
            ulong first = ReadU32(input, 0);
            ulong last = ReadU32(input, length - 4);
            ulong combined = first | (last << 32);
            ulong value = (ReadU64(secret, 16) ^ ReadU64(secret, 24)) ^ combined;
            ulong mulHigh = Math.BigMul(value, Prime64_1 + ((ulong)length << 2), out ulong mulLow);
            ulong high = mulHigh + (mulLow << 1);
            ulong low = mulLow ^ (high >> 3);
            low ^= low >> 35;
            low *= PrimeMx2;
            low ^= low >> 28;
            return new PageHash(low, Avalanche(high));
        }

        if (length > 0)
        {
            uint combined = input[length - 1] | ((uint)length << 8) | ((uint)input[0] << 16) | ((uint)input[length >> 1] << 24);
            ulong low = (ulong)(ReadU32(secret, 0) ^ ReadU32(secret, 4)) ^ combined;
            uint swapped = BitOperations.RotateLeft(BinaryPrimitives.ReverseEndianness(combined), 13);
            ulong high = (ulong)(ReadU32(secret, 8) ^ ReadU32(secret, 12)) ^ swapped;
            return new PageHash(AvalancheXxh64(low), AvalancheXxh64(high));
        }

        return new PageHash(
            AvalancheXxh64(ReadU64(secret, 64) ^ ReadU64(secret, 72)),
            AvalancheXxh64(ReadU64(secret, 80) ^ ReadU64(secret, 88)));
    }

    private static PageHash Hash17To128(ReadOnlySpan<byte> input)
    {
        int length = input.Length;
        ulong acc0 = (ulong)length * Prime64_1;
        ulong acc1 = 0;
        int rounds = ((length - 1) >> 5) + 1;
        for (int i = rounds - 1; i >= 0; i--)
        {
            MixTwoChunks(ref acc0, ref acc1, input.Slice(i * 16, 16), input.Slice(length - (i * 16) - 16, 16), i * 32);
        }

        return FinishMedium(acc0, acc1, length);
    }

    private static PageHash Hash129To240(ReadOnlySpan<byte> input)
    {
        int length = input.Length;
        ulong acc0 = (ulong)length * Prime64_1;
        ulong acc1 = 0;
        for (int i = 0; i < 4; i++)
        {
            MixTwoChunks(ref acc0, ref acc1, input.Slice(i * 32, 16), input.Slice((i * 32) + 16, 16), i * 32);
        }

        acc0 = Avalanche(acc0);
        acc1 = Avalanche(acc1);
        int chunks = length >> 5;
        for (int i = 4; i < chunks; i++)
        {
            MixTwoChunks(ref acc0, ref acc1, input.Slice(i * 32, 16), input.Slice((i * 32) + 16, 16), ((i - 4) * 32) + 3);
        }

        // The specification swaps the two halves here and negates the seed (a no-op for seed 0).
        MixTwoChunks(ref acc0, ref acc1, input.Slice(length - 16, 16), input.Slice(length - 32, 16), 103);
        return FinishMedium(acc0, acc1, length);
    }

    private static PageHash FinishMedium(ulong acc0, ulong acc1, int length)
    {
        ulong low = acc0 + acc1;
        ulong high = (acc0 * Prime64_1) + (acc1 * Prime64_4) + ((ulong)length * Prime64_2);
        return new PageHash(Avalanche(low), 0UL - Avalanche(high));
    }

    private static void MixTwoChunks(ref ulong acc0, ref ulong acc1, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int secretOffset)
    {
        acc0 += MixStep(first, secretOffset);
        acc1 += MixStep(second, secretOffset + 16);
        acc0 ^= ReadU64(second, 0) + ReadU64(second, 8);
        acc1 ^= ReadU64(first, 0) + ReadU64(first, 8);
    }

    private static ulong MixStep(ReadOnlySpan<byte> data, int secretOffset)
    {
        ReadOnlySpan<byte> secret = DefaultSecret;
        ulong left = ReadU64(data, 0) ^ ReadU64(secret, secretOffset);
        ulong right = ReadU64(data, 8) ^ ReadU64(secret, secretOffset + 8);
        return Fold128(left, right);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold128(ulong left, ulong right)
    {
        ulong high = Math.BigMul(left, right, out ulong low);
        return low ^ high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong x)
    {
        x ^= x >> 37;
        x *= PrimeMx1;
        x ^= x >> 32;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AvalancheXxh64(ulong x)
    {
        x ^= x >> 33;
        x *= Prime64_2;
        x ^= x >> 29;
        x *= Prime64_3;
        x ^= x >> 32;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadU64(ReadOnlySpan<byte> data, int offset) =>
        BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadU32(ReadOnlySpan<byte> data, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    /// <summary>Reads a little-endian u64 at a byte offset from a reference the caller has bounds-checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadU64(ref byte origin, nuint offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref origin, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static ref byte SecretRef => ref MemoryMarshal.GetReference(DefaultSecret);
}
