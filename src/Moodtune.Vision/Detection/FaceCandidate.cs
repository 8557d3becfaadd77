using System.Runtime.CompilerServices;

namespace Moodtune.Vision.Detection;

/// <summary>The six keypoints of a candidate, stored inline (no allocation per anchor).</summary>
[InlineArray(Count)]
public struct CandidateKeypoints
{
    public const int Count = 6;

    private Point2 _first;
}

/// <summary>One decoded face proposal before suppression: box and keypoints in pixels of the model's square input.</summary>
public readonly record struct FaceCandidate(FaceBox Box, float Score, CandidateKeypoints Keypoints);
