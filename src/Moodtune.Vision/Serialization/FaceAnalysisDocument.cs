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
    [property: JsonPropertyName("file"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("faces")] IReadOnlyList<FaceDocument> Faces)
{
    public static FaceAnalysisDocument From(FaceAnalysis analysis, string? file = null) =>
        new(file, analysis.Width, analysis.Height, [.. analysis.Faces.Select(FaceDocument.From)]);
}

public sealed record FaceDocument(
    [property: JsonPropertyName("box")] BoxDocument Box,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("emotion")] string Emotion,
    [property: JsonPropertyName("probabilities")] IReadOnlyDictionary<string, float> Probabilities,
    [property: JsonPropertyName("keypoints")] IReadOnlyList<KeypointDocument> Keypoints)
{
    public static FaceDocument From(AnalyzedFace face) => new(
        new BoxDocument(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height),
        face.Score,
        EmotionProbabilities.Name(face.Emotion),
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
    [property: JsonPropertyName("x")] float X,
    [property: JsonPropertyName("y")] float Y,
    [property: JsonPropertyName("width")] float Width,
    [property: JsonPropertyName("height")] float Height);

public sealed record KeypointDocument(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("x")] float X,
    [property: JsonPropertyName("y")] float Y);

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(FaceAnalysisDocument))]
public sealed partial class VisionJsonContext : JsonSerializerContext;
