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

    /// <summary>
    /// MediaPipe FaceMesh's face-presence head as shipped by human: 192x192 RGB in [0, 1], one sigmoid output, the
    /// probability that the crop holds a face. Only that head is kept (the 468 landmarks are not used), and
    /// <see cref="FaceFlagThreshold"/> goes into the metadata where the app reads it.
    /// </summary>
    public static ConversionOptions FaceMeshFlag { get; } = new()
    {
        Mean = [0f, 0f, 0f],
        Std = [255f, 255f, 255f],
        Outputs = ["Identity_1"],
        Description = "MediaPipe FaceMesh's face flag (face presence) converted from the TF.js graph model in " + HumanPackage,
        Metadata =
        [
            new(ModelContract.ClassesKey, "face"),
            new(ModelContract.ColorKey, "rgb"),
            new(ModelContract.InputSizeKey, "192"),
            new("moodtune.face_threshold", FaceFlagThreshold),
            new(ModelContract.SourceKey, HumanPackage + " models/facemesh.json (output_faceflag)"),
            new(ModelContract.LicenseKey, "Apache-2.0 (MediaPipe FaceMesh), MIT (human)"),
            new(ModelContract.ConverterKey, ModelContract.ConverterName),
        ],
    };

    /// <summary>
    /// Boxes whose face flag is below this are no face: the 1st percentile of the flag over the FER2013 train faces the
    /// face verifier keeps, so the check alone would keep 99% of them (models/README.md, "facemesh-flag").
    /// </summary>
    public const string FaceFlagThreshold = "0.015";

    public static ConversionOptions? Find(string name) => name switch
    {
        "facemesh-flag" => FaceMeshFlag,
        "emotion-minixception" => EmotionMiniXception,
        "emotion-faceapi" => FaceApiExpression,
        _ => null,
    };
}
