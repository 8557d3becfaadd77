using Moodtune.Vision.Detection;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;

namespace Moodtune.Vision;

/// <summary>A face found in an image, with its expression.</summary>
public sealed record AnalyzedFace(DetectedFace Detection, EmotionProbabilities Emotions)
{
    public FaceBox Box => Detection.Box;

    public float Score => Detection.Score;

    public IReadOnlyList<Point2> Keypoints => Detection.Keypoints;

    public Emotion Emotion => Emotions.Top;
}

/// <summary>Every face of one image, most confident first.</summary>
public sealed record FaceAnalysis(int Width, int Height, IReadOnlyList<AnalyzedFace> Faces)
{
    /// <summary>Whether the faces were followed from the previous frame of a stream instead of detected afresh.</summary>
    public bool Tracked { get; init; }

    /// <summary>
    /// The user's face: the largest, most central one. Size counts most; a face far from the centre counts for
    /// up to half less, so a bystander close to the camera's edge does not take over.
    /// </summary>
    public AnalyzedFace? PrimaryFace => PrimaryIndex is int i ? Faces[i] : null;

    /// <summary>Where <see cref="PrimaryFace"/> is in <see cref="Faces"/>: what a client marks as the user's face.</summary>
    public int? PrimaryIndex
    {
        get
        {
            int? best = null;
            for (var i = 0; i < Faces.Count; i++)
            {
                if (best is not int b || Prominence(Faces[i]) > Prominence(Faces[b]))
                {
                    best = i;
                }
            }

            return best;
        }
    }

    private float Prominence(AnalyzedFace face)
    {
        var dx = (face.Box.CenterX - (Width / 2f)) / Width;
        var dy = (face.Box.CenterY - (Height / 2f)) / Height;
        var offCentre = MathF.Min(1, MathF.Sqrt((dx * dx) + (dy * dy)) / 0.7071f);
        return face.Box.Area * (1 - (0.5f * offCentre));
    }
}
