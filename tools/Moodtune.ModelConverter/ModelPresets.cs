namespace Moodtune.ModelConverter;

/// <summary>The conversion settings of the emotion models Moodtune ships, so the script and the tests agree.</summary>
public static class ModelPresets
{
    public const string HumanPackage = "@vladmandic/human@3.3.6";
    public const string FaceApiPackage = "@vladmandic/face-api@1.7.15";

    /// <summary>oarriaga's mini-Xception as shipped by human: 64x64 gray in [-1, 1], oarriaga's class order.</summary>
    public static ConversionOptions EmotionMiniXception { get; } = new()
    {
        Mean = [127.5f],
        Std = [127.5f],
        Description = "mini-Xception emotion classifier (oarriaga/face_classification) converted from the TF.js graph model in " + HumanPackage,
        Metadata =
        [
            new(ModelContract.ClassesKey, "angry,disgust,fear,happy,sad,surprise,neutral"),
            new(ModelContract.ColorKey, "gray"),
            new(ModelContract.GrayWeightsKey, ModelContract.Bt601GrayWeights),
            new(ModelContract.InputSizeKey, "64"),
            new(ModelContract.SourceKey, HumanPackage + " models/emotion.json"),
            new(ModelContract.LicenseKey, "MIT"),
            new(ModelContract.ConverterKey, ModelContract.ConverterName),
        ],
    };

    /// <summary>face-api.js's FaceExpressionNet: 112x112 RGB, mean-subtracted and divided by 255.</summary>
    public static ConversionOptions FaceApiExpression { get; } = new()
    {
        Mean = [122.782f, 117.001f, 104.298f],
        Std = [255f, 255f, 255f],
        Description = "face-api.js FaceExpressionNet rebuilt from the weights manifest in " + FaceApiPackage,
        Metadata =
        [
            new(ModelContract.ClassesKey, "neutral,happy,sad,angry,fear,disgust,surprise"),
            new(ModelContract.ColorKey, "rgb"),
            new(ModelContract.InputSizeKey, "112"),
            new(ModelContract.SourceKey, FaceApiPackage + " model/face_expression_model-weights_manifest.json"),
            new(ModelContract.LicenseKey, "MIT"),
            new(ModelContract.ConverterKey, ModelContract.ConverterName),
        ],
    };

    public static ConversionOptions? Find(string name) => name switch
    {
        "emotion-minixception" => EmotionMiniXception,
        "emotion-faceapi" => FaceApiExpression,
        _ => null,
    };
}
