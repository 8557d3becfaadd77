namespace Moodtune.ModelConverter.Building;

/// <summary>Stride, padding and dilation of a 2-D convolution or pooling window, in TensorFlow's terms.</summary>
public sealed record ConvSpec(int StrideH, int StrideW, TfPadding Padding, int DilationH = 1, int DilationW = 1)
{
    public static ConvSpec Same(int stride) => new(stride, stride, TfPadding.Same);

    public static ConvSpec Valid(int stride) => new(stride, stride, TfPadding.Valid);
}
