using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Upkeep;

/// <summary>Parses the JSON handshake frames with an error that names the frame.</summary>
internal static class FeedJson
{
    public static T Parse<T>(FeedFrame frame, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(frame.Payload, info) ?? throw new UpkeepException($"store feed: expected a {frame.Type} JSON object, found null");
        }
        catch (JsonException e)
        {
            throw new UpkeepException($"store feed: expected a {frame.Type} JSON object, found invalid JSON at byte {e.BytePositionInLine ?? 0} of its payload ({e.Message})", e);
        }
    }
}
