using System.Text.Json;
using FtActors.Remoting.Protocol;
using Xunit;

namespace FtActors.Remoting.Tests;

public sealed class HandshakeJsonTests
{
    [Fact]
    public void Serialize_HandshakePayloads_FieldNamesAsDocumented()
    {
        var hello = JsonSerializer.Serialize(new HandshakeInfo(1, "c1", "10.0.0.7", 2552, 42), ProtocolJsonContext.Default.HandshakeInfo);
        var refusal = JsonSerializer.Serialize(new HandshakeRefusal("why"), ProtocolJsonContext.Default.HandshakeRefusal);

        Assert.Equal("""{"protocolVersion":1,"clusterId":"c1","host":"10.0.0.7","port":2552,"incarnation":42}""", hello);
        Assert.Equal("""{"reason":"why"}""", refusal);
    }
}
