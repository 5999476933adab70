using System.Diagnostics.CodeAnalysis;

namespace FtActors.Remoting;

/// <summary>Keeps throw sites out of hot decode methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ProtocolViolation(string expected, string found, long offset) =>
        throw new ProtocolViolationException(expected, found, offset);
}
