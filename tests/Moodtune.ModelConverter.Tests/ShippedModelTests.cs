using Microsoft.ML.OnnxRuntime;
using Moodtune.ModelConverter.Reference;
using Onnx;

namespace Moodtune.ModelConverter.Tests;

/// <summary>The committed models/*.onnx against the TF.js reference outputs and the contract Moodtune's classifier relies on.</summary>
public class ShippedModelTests
{
    private const double Tolerance = 1e-4;

    /// <summary>The symbolic name of the dynamic batch dimension.</summary>
    private const string OnnxGraphBatch = "batch";

    public static TheoryData<string> Models => ["emotion-minixception", "emotion-faceapi"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Shipped_model_reproduces_the_TFjs_probabilities(string model)
    {
        var fixture = ReferenceFixture.Load(Path.Combine(TestPaths.ModelsDir, "reference", $"{model}.json"));
        using var session = new InferenceSession(Path.Combine(TestPaths.ModelsDir, $"{model}.onnx"));

        var actual = ModelVerifier.Run(session, fixture);

        Assert.True(fixture.Cases.Count >= 5, "the fixture should cover several inputs");
        for (var n = 0; n < fixture.Cases.Count; n++)
        {
            var expected = fixture.Cases[n].Probabilities;
            for (var k = 0; k < expected.Count; k++)
            {
                Assert.True(Math.Abs(actual[n][k] - expected[k]) <= Tolerance, $"{model} case {fixture.Cases[n].Name} class {fixture.Classes[k]}: onnx {actual[n][k]}, tfjs {expected[k]}");
            }

            Assert.Equal(1.0, actual[n].Sum(), 1e-5);
        }
    }

    [Theory]
    [InlineData("emotion-minixception", 1, 64)]
    [InlineData("emotion-faceapi", 3, 112)]
    public void Shipped_model_has_one_NCHW_input_and_a_probabilities_output(string model, int channels, int size)
    {
        using var session = new InferenceSession(Path.Combine(TestPaths.ModelsDir, $"{model}.onnx"));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(ModelContract.InputName, input.Key);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal([-1, channels, size, size], input.Value.Dimensions);
        Assert.Equal(OnnxGraphBatch, input.Value.SymbolicDimensions[0]);

        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal(ModelContract.OutputName, output.Key);
        Assert.Equal([-1, 7], output.Value.Dimensions);
    }

    // The flag is a sigmoid near 0 on the fixture's synthetic inputs, so it is compared as a logit: an absolute
    // tolerance alone would pass a model that always says 0. At logits near -12, float sums in another order move the
    // logit by up to 0.008 (2% of a probability that small).
    [Fact]
    public void Shipped_facemesh_flag_reproduces_the_TFjs_logits()
    {
        var fixture = ReferenceFixture.Load(Path.Combine(TestPaths.ModelsDir, "reference", "facemesh-flag.json"));
        using var session = new InferenceSession(Path.Combine(TestPaths.ModelsDir, "facemesh-flag.onnx"));

        var actual = ModelVerifier.Run(session, fixture);

        Assert.True(fixture.Cases.Count >= 5, "the fixture should cover several inputs");
        for (var n = 0; n < fixture.Cases.Count; n++)
        {
            var expected = Assert.Single(fixture.Cases[n].Probabilities);
            var flag = Assert.Single(actual[n]);
            Assert.True(Math.Abs(Logit(flag) - Logit(expected)) <= 0.02, $"case {fixture.Cases[n].Name}: onnx {flag}, tfjs {expected}");
        }

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(ModelContract.InputName, input.Key);
        Assert.Equal([-1, 3, 192, 192], input.Value.Dimensions);
        Assert.Equal([-1, 1], Assert.Single(session.OutputMetadata).Value.Dimensions);
        Assert.Equal(ModelPresets.FaceFlagThreshold, session.ModelMetadata.CustomMetadataMap["moodtune.face_threshold"]);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void MiniXception_metadata_describes_a_gray_64_pixel_model_in_oarriaga_order()
    {
        var model = ModelProto.Parser.ParseFromFile(Path.Combine(TestPaths.ModelsDir, "emotion-minixception.onnx"));

        AssertOpsetAndIr(model);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["moodtune.classes"] = "angry,disgust,fear,happy,sad,surprise,neutral",
                ["moodtune.color"] = "gray",
                ["moodtune.gray_weights"] = "0.2989,0.5870,0.1140",
                ["moodtune.input_size"] = "64",
                ["moodtune.source"] = "@vladmandic/human@3.3.6 models/emotion.json",
                ["moodtune.license"] = "MIT",
                ["moodtune.converter"] = "Moodtune.ModelConverter",
            },
            model.MetadataProps.ToDictionary(p => p.Key, p => p.Value));
    }

    [Fact]
    public void FaceApi_metadata_describes_an_rgb_112_pixel_model_in_face_api_order()
    {
        var model = ModelProto.Parser.ParseFromFile(Path.Combine(TestPaths.ModelsDir, "emotion-faceapi.onnx"));

        AssertOpsetAndIr(model);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["moodtune.classes"] = "neutral,happy,sad,angry,fear,disgust,surprise",
                ["moodtune.color"] = "rgb",
                ["moodtune.input_size"] = "112",
                ["moodtune.source"] = "@vladmandic/face-api@1.7.15 model/face_expression_model-weights_manifest.json",
                ["moodtune.license"] = "MIT",
                ["moodtune.converter"] = "Moodtune.ModelConverter",
            },
            model.MetadataProps.ToDictionary(p => p.Key, p => p.Value));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Class_order_in_metadata_uses_only_our_emotion_names(string model)
    {
        var proto = ModelProto.Parser.ParseFromFile(Path.Combine(TestPaths.ModelsDir, $"{model}.onnx"));
        var classes = proto.MetadataProps.Single(p => p.Key == ModelContract.ClassesKey).Value.Split(',');

        Assert.Equal(ModelContract.Emotions.Order(), classes.Order());
    }

    private static void AssertOpsetAndIr(ModelProto model)
    {
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(17, opset.Version);
    }
}
