using System.Text.Json.Serialization;
using Moodtune.Vision.Detection;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;

namespace Moodtune.Vision.Serialization;

/// <summary>
/// The JSON form of one analysed image, shared by `moodtune detect --json` and the web API:
/// <c>{"file":..,"faces":[{"box":{..},"score":..,"emotion":"happy","probabilities":{..},"keypoints":[..]}]}</c>.
/// </summary>
public sealed record FaceAnalysisDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File,
    int Width,
    int Height,
    IReadOnlyList<FaceDocument> Faces)
{
    public static FaceAnalysisDocument From(FaceAnalysis analysis, string? file = null) =>
        new(file, analysis.Width, analysis.Height, [.. analysis.Faces.Select(FaceDocument.From)]);
}

public sealed record FaceDocument(
    BoxDocument Box,
    float Score,
    Emotion Emotion,
    IReadOnlyDictionary<string, float> Probabilities,
    IReadOnlyList<KeypointDocument> Keypoints)
{
    public static FaceDocument From(AnalyzedFace face) => new(
        new BoxDocument(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height),
        face.Score,
        face.Emotion,
        face.Emotions.ToDictionary(),
        [.. face.Keypoints.Select((p, i) => new KeypointDocument(KeypointName((FaceKeypoint)i), p.X, p.Y))]);

    private static string KeypointName(FaceKeypoint keypoint) => keypoint switch
    {
        FaceKeypoint.RightEye => "right_eye",
        FaceKeypoint.LeftEye => "left_eye",
        FaceKeypoint.NoseTip => "nose_tip",
        FaceKeypoint.Mouth => "mouth",
        FaceKeypoint.RightEar => "right_ear",
        FaceKeypoint.LeftEar => "left_ear",
        _ => keypoint.ToString(),
    };
}

public sealed record BoxDocument(
    float X,
    float Y,
    float Width,
    float Height);

public sealed record KeypointDocument(
    string Name,
    float X,
    float Y);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(WireNameConverter<Emotion>)])]
[JsonSerializable(typeof(FaceAnalysisDocument))]
public sealed partial class VisionJsonContext : JsonSerializerContext;
