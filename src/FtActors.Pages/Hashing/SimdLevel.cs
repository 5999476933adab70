namespace FtActors.Pages.Hashing;

/// <summary>How wide a vector the managed XXH3 stripe loop uses; ordered from narrowest to widest.</summary>
internal enum SimdLevel
{
    /// <summary>Plain 64-bit arithmetic: the reference the vector loops are checked against.</summary>
    Scalar = 0,

    /// <summary>Four 128-bit registers (SSE2 on x86, AdvSimd on Arm).</summary>
    Vector128 = 1,

    /// <summary>Two 256-bit registers (AVX2).</summary>
    Vector256 = 2,

    /// <summary>One 512-bit register (AVX-512F).</summary>
    Vector512 = 3,
}
