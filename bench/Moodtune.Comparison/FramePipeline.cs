using System.Diagnostics;
using Moodtune.Vision.Detection;

namespace Moodtune.Comparison;

/// <summary>Milliseconds per stage of one frame, and how many faces the detector found in it.</summary>
public readonly record struct StageTimes(double DecodeMs, double DetectMs, double ClassifyMs, int Faces)
{
    public double TotalMs => DecodeMs + DetectMs + ClassifyMs;

    internal static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

/// <summary>One way of turning an encoded camera frame into the primary face's expression.</summary>
public interface IFramePipeline : IDisposable
{
    /// <summary>A short name for tables ("ours", "haar 1.3/5").</summary>
    string Name { get; }

    string Detector { get; }

    string EmotionModel { get; }

    /// <summary>Decodes a frame, detects its faces and classifies the largest one.</summary>
    StageTimes Run(byte[] encodedFrame);

    /// <summary>Every face the detector finds in an image file, in its pixels (for recall).</summary>
    IReadOnlyList<FaceBox> Detect(string path);
}
