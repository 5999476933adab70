using FtActors.Pages.Hashing;

namespace FtActors.Pages.Tests;

/// <summary>
/// XXH3-128 (seed 0) against values printed by Debian's xxhsum 0.8.1 (<c>xxhsum -H2 file</c>, high half
/// first), at every length boundary of the algorithm: empty, 1-3, 4-8, 9-16, 17-128, 129-240, and over
/// 240 bytes with and without a partial last block.
/// </summary>
public sealed class Xxh3Tests
{
    public static TheoryData<int, string, int> Vectors()
    {
        (int Length, string Hash)[] known =
        [
            (0, "99aa06d3014798d86001c324468d497f"),
            (1, "a6cd5e9392000f6ac44bdff4074eecdb"),
            (2, "76750c3c7bf956687a9978044cb8a8bb"),
            (3, "20efc49ff02422ea54247382a8d6b94d"),
            (4, "970d585ac632bf8e2e7d8d6876a39fe9"),
            (5, "62ed587687606b4e057c7ed2c01fa1d1"),
            (8, "47a7f080d82bb45664c69cab4bb21dc5"),
            (9, "564ef6078950d457ed7ccbc501eb7501"),
            (12, "6e3efd8fc7802b18061a192713f69ad9"),
            (16, "c68c368ecf8a9c05562980258a998629"),
            (17, "955fa78643ed3669abbc12d11973d7db"),
            (32, "98fc6458710dc2e8278410a17595e3f9"),
            (33, "3103c192ceaa2dede593bc4e5914c9d1"),
            (64, "6d90e81a9b0fd622efdb6a44690721a9"),
            (96, "d9d0b885f56c93f1e9324473ea9afebe"),
            (127, "dcfae8002712db1c802a565a8a79a999"),
            (128, "39992220e045260aebb15e34a7fb5ab1"),
            (129, "03815fc91f1b30b686c9e3bc8f0a3b5c"),
            (200, "e76ff4780fe18439eb060f1bb3126f5a"),
            (240, "aa4202daa2769dc85c9aae94c8ebe5a0"),
            (241, "99a80ecf0ecfc647c5a639ecd2030e5e"),
            (255, "961375c87e09efbce98f979f4ed8a197"),
            (256, "8b1c66091423d28855de574ad89d0ac5"),
            (500, "caa9df3e93be8de0ef35aceb3b341a05"),
            (1024, "0d30d24071c64c57dd85c9b5c1109c5c"),
            (1025, "fd3ee4fe7f2954c6d870c0fa13211c6a"),
            (2048, "f736557fd47073a5dd59e2c3a5f038e0"),
            (2240, "ccb134fbfa7ce49d6e73a90539cf2948"),
            (2367, "e89c0f6ff369b427cb37aeb9e5d361ed"),
            (4095, "f69e23cfa8cea8c33044187222ab0efb"),
            (4096, "b9cfaea2ca5626a4e91206429d1f48f9"),
            (4097, "0c6a7a5f1d0bbb1adac80d543e339451"),
            (10000, "e20727cefc44ead3bcd883507019ca90"),
        ];
        var data = new TheoryData<int, string, int>();
        foreach ((int length, string hash) in known)
        {
            foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
            {
                data.Add(length, hash, (int)level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Hash128_SanityBytes_MatchesXxhsum(int length, string expected, int level)
    {
        PageHash hash = Xxh3.Hash128(SanityBytes.Create(length), (SimdLevel)level);

        Assert.Equal(expected, hash.ToString());
    }

    [Fact]
    public void Hash128_Empty_IsTheSpecificationValue()
    {
        PageHash hash = Xxh3.Hash128([]);

        Assert.Equal(new PageHash(0x6001C324468D497FUL, 0x99AA06D3014798D8UL), hash);
    }

    [Fact]
    public void ZeroPage_KnownHash_MatchesXxhsumOfZeroFile()
    {
        Assert.Equal("3ee8dc4f9e7ee49593d76fe148c689ba", KnownPageHashes.ZeroPage.ToString());
    }

    [Fact]
    public void Hash128_AnyLevel_AgreesWithScalarOnRandomInput()
    {
        var random = new Random(12345);
        for (int length = 0; length <= 5000; length += 7)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            PageHash scalar = Xxh3.Hash128(data, SimdLevel.Scalar);

            Assert.Equal(scalar, Xxh3.Hash128(data, SimdLevel.Vector128));
            Assert.Equal(scalar, Xxh3.Hash128(data, SimdLevel.Vector256));
            Assert.Equal(scalar, Xxh3.Hash128(data, SimdLevel.Vector512));
        }
    }

    [NativeFact]
    public void NativeHash_SanityBytes_MatchesXxhsum()
    {
        foreach (object[] row in Vectors())
        {
            int length = (int)row[0];
            Assert.Equal((string)row[1], Engines.Native.Hash(SanityBytes.Create(length)).ToString());
        }
    }
}
