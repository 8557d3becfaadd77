namespace Moodtune.Vision.Detection;

/// <summary>The two MediaPipe BlazeFace models we ship.</summary>
public enum BlazeFaceVariant
{
    /// <summary>Short range ("front camera"): 128x128 input, for faces filling a good part of the frame.</summary>
    Front128,

    /// <summary>Full range ("back camera"): 256x256 input, also finds small faces further from the camera.</summary>
    Back256,
}

public static class BlazeFaceVariantExtensions
{
    /// <summary>The side of the model's square input in pixels.</summary>
    public static int InputSize(this BlazeFaceVariant variant) => variant switch
    {
        BlazeFaceVariant.Front128 => 128,
        BlazeFaceVariant.Back256 => 256,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown BlazeFace variant."),
    };
}
