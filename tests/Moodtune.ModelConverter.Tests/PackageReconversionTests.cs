using Google.Protobuf;
using Moodtune.ModelConverter.Tfjs;

namespace Moodtune.ModelConverter.Tests;

/// <summary>Converting the npm packages again gives the committed models byte for byte (needs tools/convert-models.sh to have fetched them).</summary>
public class PackageReconversionTests
{
    [Fact]
    public void Converting_human_emotion_json_recreates_the_committed_model()
    {
        var source = Path.Combine(Path.Combine(TestPaths.RepoRoot, "tools", "model-sources", "node_modules"), "@vladmandic", "human", "models", "emotion.json");
        SkipUnlessPresent(source);

        var model = TfjsToOnnx.Convert(TfjsGraphModel.Load(source), ModelPresets.EmotionMiniXception);

        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.ModelsDir, "emotion-minixception.onnx")), model.ToByteArray());
    }

    [Fact]
    public void Converting_human_facemesh_json_recreates_the_committed_face_flag()
    {
        var source = Path.Combine(Path.Combine(TestPaths.RepoRoot, "tools", "model-sources", "node_modules"), "@vladmandic", "human", "models", "facemesh.json");
        SkipUnlessPresent(source);

        var model = TfjsToOnnx.Convert(TfjsGraphModel.Load(source), ModelPresets.FaceMeshFlag);

        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.ModelsDir, "facemesh-flag.onnx")), model.ToByteArray());
    }

    [Fact]
    public void Converting_the_face_api_manifest_recreates_the_committed_model()
    {
        var source = Path.Combine(Path.Combine(TestPaths.RepoRoot, "tools", "model-sources", "node_modules"), "@vladmandic", "face-api", "model", "face_expression_model-weights_manifest.json");
        SkipUnlessPresent(source);

        var model = FaceApiExpressionNet.Load(source, ModelPresets.FaceApiExpression);

        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.ModelsDir, "emotion-faceapi.onnx")), model.ToByteArray());
    }

    private static void SkipUnlessPresent(string source)
    {
        if (!File.Exists(source))
        {
            Assert.Skip($"{source} is absent: run tools/convert-models.sh to fetch the npm packages.");
        }
    }
}
