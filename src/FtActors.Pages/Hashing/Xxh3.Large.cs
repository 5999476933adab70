using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FtActors.Pages.Hashing;

/// <summary>
/// The large-input (over 240 bytes) part of XXH3: eight 64-bit accumulators fed one 64-byte stripe at a
/// time, scrambled after every 1024-byte block. A 4 KiB page is 63 stripes and 3 scrambles. The
/// accumulators live in one 512-bit, two 256-bit or four 128-bit registers; the scalar loop exists for CPUs without
/// vector support and as the oracle the vector loops are tested against.
/// </summary>
internal static partial class Xxh3
{
    private const int StripeLength = 64;
    private const int StripesPerBlock = (SecretLength - 64) / 8;
    private const int BlockLength = StripeLength * StripesPerBlock;
    private const int ScrambleSecretOffset = SecretLength - 64;
    private const int LastStripeSecretOffset = SecretLength - 71;

    /// <summary>The widest level this CPU can run, decided once at type load.</summary>
    public static SimdLevel SupportedLevel { get; } = ChooseSupportedLevel();

    /// <summary>
    /// The level <see cref="Hash128(ReadOnlySpan{byte})"/> uses: the widest supported. On the development
    /// Xeon the 512-bit and 256-bit loops measured within noise of each other (docs/pages.md).
    /// </summary>
    public static SimdLevel BestLevel => SupportedLevel;

    private static SimdLevel ChooseSupportedLevel()
    {
        if (!BitConverter.IsLittleEndian)
        {
            return SimdLevel.Scalar;
        }

        if (Avx512F.IsSupported)
        {
            return SimdLevel.Vector512;
        }

        if (Avx2.IsSupported)
        {
            return SimdLevel.Vector256;
        }

        return Vector128.IsHardwareAccelerated ? SimdLevel.Vector128 : SimdLevel.Scalar;
    }

    private static PageHash HashLarge(ReadOnlySpan<byte> input, SimdLevel level)
    {
        Accumulators acc = default;
        acc[0] = Prime32_3;
        acc[1] = Prime64_1;
        acc[2] = Prime64_2;
        acc[3] = Prime64_3;
        acc[4] = Prime64_4;
        acc[5] = Prime32_2;
        acc[6] = Prime64_5;
        acc[7] = Prime32_1;

        if (level > SupportedLevel)
        {
            level = SupportedLevel;
        }

        switch (level)
        {
            case SimdLevel.Vector512:
                AccumulateVector512(input, ref acc);
                break;
            case SimdLevel.Vector256:
                AccumulateVector256(input, ref acc);
                break;
            case SimdLevel.Vector128:
                AccumulateVector128(input, ref acc);
                break;
            default:
                AccumulateScalar(input, ref acc);
                break;
        }

        ulong length = (ulong)input.Length;
        ulong low = MergeAccumulators(ref acc, length * Prime64_1, 11);
        ulong high = MergeAccumulators(ref acc, ~(length * Prime64_2), SecretLength - 64 - 11);
        return new PageHash(low, high);
    }

    private static ulong MergeAccumulators(ref Accumulators acc, ulong start, int secretOffset)
    {
        ref byte secret = ref SecretRef;
        ulong result = start;
        for (int i = 0; i < 4; i++)
        {
            ulong left = acc[2 * i] ^ ReadU64(ref secret, (nuint)(secretOffset + (16 * i)));
            ulong right = acc[(2 * i) + 1] ^ ReadU64(ref secret, (nuint)(secretOffset + (16 * i) + 8));
            result += Fold128(left, right);
        }

        return Avalanche(result);
    }

    // Safety (all three loops): input.Length > 240, so every stripe offset below plus 64 stays inside
    // input: full blocks end at or before Length - 1, the stripes of the last block end at or before
    // Length - 1, and the final stripe is exactly [Length - 64, Length). Secret offsets stay under
    // 192 - 64 + 8 * 15 < 192 for stripes, 128 for the scramble and 121 for the last stripe.
    private static void AccumulateScalar(ReadOnlySpan<byte> input, ref Accumulators acc)
    {
        ref byte data = ref Unsafe.AsRef(in input[0]);
        ref byte secret = ref SecretRef;
        nuint length = (nuint)input.Length;
        nuint blocks = (length - 1) / BlockLength;
        for (nuint block = 0; block < blocks; block++)
        {
            nuint blockStart = block * BlockLength;
            for (nuint stripe = 0; stripe < StripesPerBlock; stripe++)
            {
                StripeScalar(ref acc, ref Unsafe.Add(ref data, blockStart + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
            }

            for (int i = 0; i < 8; i++)
            {
                ulong a = acc[i];
                a ^= a >> 47;
                a ^= ReadU64(ref secret, (nuint)(ScrambleSecretOffset + (8 * i)));
                acc[i] = a * Prime32_1;
            }
        }

        nuint lastBlock = blocks * BlockLength;
        nuint stripes = (length - 1 - lastBlock) / StripeLength;
        for (nuint stripe = 0; stripe < stripes; stripe++)
        {
            StripeScalar(ref acc, ref Unsafe.Add(ref data, lastBlock + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
        }

        StripeScalar(ref acc, ref Unsafe.Add(ref data, length - StripeLength), ref Unsafe.Add(ref secret, (nuint)LastStripeSecretOffset));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StripeScalar(ref Accumulators acc, ref byte stripe, ref byte secret)
    {
        for (nuint i = 0; i < 8; i++)
        {
            ulong lane = ReadU64(ref stripe, i * 8);
            ulong keyed = lane ^ ReadU64(ref secret, i * 8);
            acc[(int)(i ^ 1)] += lane;
            acc[(int)i] += (keyed & 0xFFFFFFFFUL) * (keyed >> 32);
        }
    }

    private static void AccumulateVector256(ReadOnlySpan<byte> input, ref Accumulators acc)
    {
        ref byte data = ref Unsafe.AsRef(in input[0]);
        ref byte secret = ref SecretRef;
        ref byte accBytes = ref Unsafe.As<Accumulators, byte>(ref acc);
        Vector256<ulong> a0 = Vector256.LoadUnsafe(ref accBytes).AsUInt64();
        Vector256<ulong> a1 = Vector256.LoadUnsafe(ref accBytes, 32).AsUInt64();
        nuint length = (nuint)input.Length;
        nuint blocks = (length - 1) / BlockLength;
        Vector256<ulong> scrambleSecret0 = Vector256.LoadUnsafe(ref secret, ScrambleSecretOffset).AsUInt64();
        Vector256<ulong> scrambleSecret1 = Vector256.LoadUnsafe(ref secret, ScrambleSecretOffset + 32).AsUInt64();
        Vector256<uint> prime = Vector256.Create(Prime32_1).AsUInt32();
        for (nuint block = 0; block < blocks; block++)
        {
            nuint blockStart = block * BlockLength;
            for (nuint stripe = 0; stripe < StripesPerBlock; stripe++)
            {
                StripeVector256(ref a0, ref a1, ref Unsafe.Add(ref data, blockStart + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
            }

            a0 = ScrambleVector256(a0, scrambleSecret0, prime);
            a1 = ScrambleVector256(a1, scrambleSecret1, prime);
        }

        nuint lastBlock = blocks * BlockLength;
        nuint stripes = (length - 1 - lastBlock) / StripeLength;
        for (nuint stripe = 0; stripe < stripes; stripe++)
        {
            StripeVector256(ref a0, ref a1, ref Unsafe.Add(ref data, lastBlock + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
        }

        StripeVector256(ref a0, ref a1, ref Unsafe.Add(ref data, length - StripeLength), ref Unsafe.Add(ref secret, (nuint)LastStripeSecretOffset));
        a0.AsByte().StoreUnsafe(ref accBytes);
        a1.AsByte().StoreUnsafe(ref accBytes, 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StripeVector256(ref Vector256<ulong> a0, ref Vector256<ulong> a1, ref byte stripe, ref byte secret)
    {
        Vector256<ulong> d0 = Vector256.LoadUnsafe(ref stripe).AsUInt64();
        Vector256<ulong> d1 = Vector256.LoadUnsafe(ref stripe, 32).AsUInt64();
        Vector256<ulong> k0 = d0 ^ Vector256.LoadUnsafe(ref secret).AsUInt64();
        Vector256<ulong> k1 = d1 ^ Vector256.LoadUnsafe(ref secret, 32).AsUInt64();
        // vpmuludq multiplies the low 32 bits of each 64-bit lane: lo(k) * hi(k) once hi is shifted down.
        Vector256<ulong> p0 = Avx2.Multiply(k0.AsUInt32(), Vector256.ShiftRightLogical(k0, 32).AsUInt32());
        Vector256<ulong> p1 = Avx2.Multiply(k1.AsUInt32(), Vector256.ShiftRightLogical(k1, 32).AsUInt32());
        // Each lane also receives its neighbour's raw input (acc[i ^ 1] += lane[i]): swap 64-bit pairs.
        Vector256<ulong> s0 = Avx2.Shuffle(d0.AsUInt32(), 0b01_00_11_10).AsUInt64();
        Vector256<ulong> s1 = Avx2.Shuffle(d1.AsUInt32(), 0b01_00_11_10).AsUInt64();
        a0 += p0 + s0;
        a1 += p1 + s1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> ScrambleVector256(Vector256<ulong> a, Vector256<ulong> secret, Vector256<uint> prime)
    {
        a ^= Vector256.ShiftRightLogical(a, 47);
        a ^= secret;
        // A 64-by-32-bit multiply from two 32-by-32 products: lo * p + ((hi * p) << 32).
        Vector256<ulong> low = Avx2.Multiply(a.AsUInt32(), prime);
        Vector256<ulong> high = Avx2.Multiply(Vector256.ShiftRightLogical(a, 32).AsUInt32(), prime);
        return low + Vector256.ShiftLeft(high, 32);
    }

    private static void AccumulateVector512(ReadOnlySpan<byte> input, ref Accumulators acc)
    {
        ref byte data = ref Unsafe.AsRef(in input[0]);
        ref byte secret = ref SecretRef;
        ref byte accBytes = ref Unsafe.As<Accumulators, byte>(ref acc);
        Vector512<ulong> a = Vector512.LoadUnsafe(ref accBytes).AsUInt64();
        nuint length = (nuint)input.Length;
        nuint blocks = (length - 1) / BlockLength;
        Vector512<ulong> scrambleSecret = Vector512.LoadUnsafe(ref secret, ScrambleSecretOffset).AsUInt64();
        Vector512<uint> prime = Vector512.Create(Prime32_1).AsUInt32();
        for (nuint block = 0; block < blocks; block++)
        {
            nuint blockStart = block * BlockLength;
            for (nuint stripe = 0; stripe < StripesPerBlock; stripe++)
            {
                a = StripeVector512(a, ref Unsafe.Add(ref data, blockStart + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
            }

            a ^= Vector512.ShiftRightLogical(a, 47);
            a ^= scrambleSecret;
            Vector512<ulong> low = Avx512F.Multiply(a.AsUInt32(), prime);
            Vector512<ulong> high = Avx512F.Multiply(Vector512.ShiftRightLogical(a, 32).AsUInt32(), prime);
            a = low + Vector512.ShiftLeft(high, 32);
        }

        nuint lastBlock = blocks * BlockLength;
        nuint stripes = (length - 1 - lastBlock) / StripeLength;
        for (nuint stripe = 0; stripe < stripes; stripe++)
        {
            a = StripeVector512(a, ref Unsafe.Add(ref data, lastBlock + (stripe * StripeLength)), ref Unsafe.Add(ref secret, stripe * 8));
        }

        a = StripeVector512(a, ref Unsafe.Add(ref data, length - StripeLength), ref Unsafe.Add(ref secret, (nuint)LastStripeSecretOffset));
        a.AsByte().StoreUnsafe(ref accBytes);
    }

    /// <summary>One whole stripe in one register: the same lane arithmetic as <see cref="StripeVector256"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> StripeVector512(Vector512<ulong> a, ref byte stripe, ref byte secret)
    {
        Vector512<ulong> d = Vector512.LoadUnsafe(ref stripe).AsUInt64();
        Vector512<ulong> k = d ^ Vector512.LoadUnsafe(ref secret).AsUInt64();
        Vector512<ulong> product = Avx512F.Multiply(k.AsUInt32(), Vector512.ShiftRightLogical(k, 32).AsUInt32());
        Vector512<ulong> swapped = Avx512F.Shuffle(d.AsUInt32(), 0b01_00_11_10).AsUInt64();
        return a + product + swapped;
    }

    private static void AccumulateVector128(ReadOnlySpan<byte> input, ref Accumulators acc)
    {
        ref byte data = ref Unsafe.AsRef(in input[0]);
        ref byte secret = ref SecretRef;
        ref byte accBytes = ref Unsafe.As<Accumulators, byte>(ref acc);
        Vector128<ulong> a0 = Vector128.LoadUnsafe(ref accBytes).AsUInt64();
        Vector128<ulong> a1 = Vector128.LoadUnsafe(ref accBytes, 16).AsUInt64();
        Vector128<ulong> a2 = Vector128.LoadUnsafe(ref accBytes, 32).AsUInt64();
        Vector128<ulong> a3 = Vector128.LoadUnsafe(ref accBytes, 48).AsUInt64();
        nuint length = (nuint)input.Length;
        nuint blocks = (length - 1) / BlockLength;
        for (nuint block = 0; block < blocks; block++)
        {
            nuint blockStart = block * BlockLength;
            for (nuint stripe = 0; stripe < StripesPerBlock; stripe++)
            {
                ref byte s = ref Unsafe.Add(ref data, blockStart + (stripe * StripeLength));
                ref byte k = ref Unsafe.Add(ref secret, stripe * 8);
                a0 = LaneVector128(a0, ref s, ref k, 0);
                a1 = LaneVector128(a1, ref s, ref k, 16);
                a2 = LaneVector128(a2, ref s, ref k, 32);
                a3 = LaneVector128(a3, ref s, ref k, 48);
            }

            a0 = ScrambleVector128(a0, ref secret, ScrambleSecretOffset);
            a1 = ScrambleVector128(a1, ref secret, ScrambleSecretOffset + 16);
            a2 = ScrambleVector128(a2, ref secret, ScrambleSecretOffset + 32);
            a3 = ScrambleVector128(a3, ref secret, ScrambleSecretOffset + 48);
        }

        nuint lastBlock = blocks * BlockLength;
        nuint stripes = (length - 1 - lastBlock) / StripeLength;
        for (nuint stripe = 0; stripe <= stripes; stripe++)
        {
            // The extra iteration (stripe == stripes) is the final, possibly overlapping, stripe.
            bool final = stripe == stripes;
            ref byte s = ref Unsafe.Add(ref data, final ? length - StripeLength : lastBlock + (stripe * StripeLength));
            ref byte k = ref Unsafe.Add(ref secret, final ? (nuint)LastStripeSecretOffset : stripe * 8);
            a0 = LaneVector128(a0, ref s, ref k, 0);
            a1 = LaneVector128(a1, ref s, ref k, 16);
            a2 = LaneVector128(a2, ref s, ref k, 32);
            a3 = LaneVector128(a3, ref s, ref k, 48);
        }

        a0.AsByte().StoreUnsafe(ref accBytes);
        a1.AsByte().StoreUnsafe(ref accBytes, 16);
        a2.AsByte().StoreUnsafe(ref accBytes, 32);
        a3.AsByte().StoreUnsafe(ref accBytes, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> LaneVector128(Vector128<ulong> acc, ref byte stripe, ref byte secret, nuint offset)
    {
        Vector128<ulong> d = Vector128.LoadUnsafe(ref stripe, offset).AsUInt64();
        Vector128<ulong> k = d ^ Vector128.LoadUnsafe(ref secret, offset).AsUInt64();
        Vector128<ulong> product = MultiplyLow32(k, Vector128.ShiftRightLogical(k, 32));
        Vector128<ulong> swapped = Vector128.Shuffle(d, Vector128.Create(1UL, 0UL));
        return acc + product + swapped;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ScrambleVector128(Vector128<ulong> a, ref byte secret, nuint offset)
    {
        a ^= Vector128.ShiftRightLogical(a, 47);
        a ^= Vector128.LoadUnsafe(ref secret, offset).AsUInt64();
        Vector128<ulong> prime = Vector128.Create(Prime32_1);
        Vector128<ulong> low = MultiplyLow32(a, prime);
        Vector128<ulong> high = MultiplyLow32(Vector128.ShiftRightLogical(a, 32), prime);
        return low + Vector128.ShiftLeft(high, 32);
    }

    /// <summary>The product of the low 32 bits of each lane, as a full 64-bit lane (pmuludq on x86).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> MultiplyLow32(Vector128<ulong> left, Vector128<ulong> right)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.Multiply(left.AsUInt32(), right.AsUInt32());
        }

        Vector128<ulong> mask = Vector128.Create(0xFFFFFFFFUL);
        return (left & mask) * (right & mask);
    }

    /// <summary>Eight 64-bit accumulators kept on the stack (an inline array: no allocation per hash).</summary>
    [InlineArray(8)]
    private struct Accumulators
    {
        private ulong _element0;
    }
}
