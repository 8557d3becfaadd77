namespace Moodtune.Vision.Imaging;

/// <summary>Why an image could not be used.</summary>
public enum ImageProblem
{
    Empty,
    UnsupportedFormat,
    Corrupt,
    TooLarge,
    InvalidPixels,
}

/// <summary>An image that is empty, corrupt, of an unsupported format or too large to decode safely.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException()
    {
    }

    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ImageDecodeException(ImageProblem problem, string message)
        : base(message) => Problem = problem;

    public ImageProblem Problem { get; } = ImageProblem.Corrupt;
}
