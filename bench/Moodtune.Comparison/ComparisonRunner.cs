using System.Diagnostics;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;

namespace Moodtune.Comparison;

/// <summary>What to compare and how often.</summary>
public sealed record ComparisonSettings
{
    public required string RepoRoot { get; init; }

    /// <summary>The ONNX models (the build copies them beside the program).</summary>
    public required string ModelsDirectory { get; init; }

    /// <summary>The packaged test photos, astronaut.png and camera.png.</summary>
    public required string ImagesDirectory { get; init; }

    public string CascadePath { get; init; } = HaarPipeline.DefaultCascadePath;

    /// <summary>The FER2013 val split (one folder per class); its absence leaves that recall set out.</summary>
    public string? FerDirectory { get; init; }

    public int Warmup { get; init; } = 5;

    /// <summary>
    /// Untimed running per pipeline, beyond <see cref="Warmup"/>, so the timed runs see the code a serving process runs:
    /// .NET first runs methods from quick, unoptimised code and recompiles the hot ones after about 30 calls and a
    /// pause; five frames of warm-up timed that first code (our frame read 0.7 ms slower on the AVX2 EPYC).
    /// </summary>
    public TimeSpan WarmupTime { get; init; } = TimeSpan.FromSeconds(1);

    public int Repetitions { get; init; } = 20;

    public int FerSample { get; init; } = 210;

    /// <summary>Frames of the moving clip our camera feed is timed on, and how many times it plays.</summary>
    public int FeedFrames { get; init; } = 40;

    public int FeedPasses { get; init; } = 3;

    /// <summary>
    /// The baseline's cascade settings, first the one the speed-up is reported against. 1.3/5 is what
    /// oarriaga/face_classification (where mini-Xception comes from) and OpenCV's Python face tutorial use; 1.1/5
    /// (also common, e.g. with minSize 30) looks closer and finds more faces, at about twice the time.
    /// </summary>
    public IReadOnlyList<(double ScaleFactor, int MinNeighbors)> HaarSettings { get; init; } = [(1.3, 5), (1.1, 5)];

    public bool FaceApi { get; init; } = true;

    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>face-api.js is slow here (about 0.3 s a frame): at most this many timed runs of it.</summary>
    public int PeerRepetitions { get; init; } = 10;

    /// <summary>FER2013 images the peer's recall sees (the others see <see cref="FerSample"/>).</summary>
    public int PeerFerSample { get; init; } = 3;
}

/// <summary>Median times of one pipeline on the webcam frame.</summary>
public sealed record PipelineTiming(
    string Name,
    string Detector,
    string EmotionModel,
    double MedianMs,
    double DecodeMs,
    double DetectMs,
    double ClassifyMs,
    int FacesInFrame,
    int Repetitions);

/// <summary>Our camera feed over a moving clip: per-frame times and how often the detector ran.</summary>
public sealed record FeedTiming(double MedianMs, double MeanMs, int Frames, int DetectedFrames)
{
    public double TrackedFraction => Frames == 0 ? 0 : 1 - ((double)DetectedFrames / Frames);
}

/// <summary>One detector's tally on one recall set; null tallies were not measured (with the reason).</summary>
public sealed record SetRecall(string Set, int Images, int Faces, IReadOnlyDictionary<string, RecallTally?> ByDetector);

/// <summary>The machine a run measured; <see cref="Isa"/> names the instruction sets ONNX Runtime's kernels could use (<see cref="CpuFeatures"/>).</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime, IReadOnlyList<string> Isa, string JpegDecoder);

/// <summary>Everything one comparison run measured.</summary>
public sealed record ComparisonReport(
    PipelineTiming Ours,
    PipelineTiming? OursDefault,
    FeedTiming? OursFeed,
    IReadOnlyList<PipelineTiming> Haar,
    string? HaarAbsentReason,
    PeerResult FaceApi,
    IReadOnlyList<SetRecall> Recall,
    IReadOnlyList<string> Notes,
    int FrameBytes,
    MachineInfo Machine,
    DateTimeOffset Date,
    double ElapsedSeconds)
{
    public const string OursKey = "ours";
    public const string HaarKey = "haar";
    public const string FaceApiKey = "faceapi";

    /// <summary>Recall columns: ours, each Haar setting ("haar" for the first, "haar_1.1" for the others), face-api.js.</summary>
    public static string HaarColumn(int index, double scaleFactor) =>
        index == 0 ? HaarKey : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"haar_{scaleFactor:0.0#}");
}

/// <summary>Times each pipeline on the same frame (interleaved, so load from other processes hits all alike) and scores recall.</summary>
public static class ComparisonRunner
{
    private const int Rounds = 5;

    public static ComparisonReport Run(ComparisonSettings settings, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(say);
        var clock = Stopwatch.StartNew();
        void progress(string message) => say(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,4:0.0} s] {message}"));

        var notes = new List<string>();
        var work = Directory.CreateTempSubdirectory("moodtune-bench-");
        try
        {
            progress("loading models...");
            using var ours = new OursPipeline(settings.ModelsDirectory, "minixception");
            using var oursDefault = new OursPipeline(settings.ModelsDirectory, "default");
            var haar = new List<HaarPipeline>();
            string? haarAbsent = null;
            try
            {
                foreach (var (scale, neighbors) in settings.HaarSettings)
                {
                    haar.Add(new HaarPipeline(settings.CascadePath, settings.ModelsDirectory, scale, neighbors));
                }
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DllNotFoundException or TypeInitializationException)
            {
                haar.ForEach(h => h.Dispose());
                haar.Clear();
                haarAbsent = HaarPipeline.AbsentReason(e);
                progress($"Haar baseline absent: {haarAbsent}");
            }

            try
            {
                var (frame, _) = BenchImages.Frame(settings.ImagesDirectory);
                IReadOnlyList<IFramePipeline> timed = [ours, oursDefault, .. haar];
                var timings = Time(timed, frame, settings, progress);
                var feed = TimeFeed(ours, settings, progress);

                var sets = new List<TruthImage>(BenchImages.PackagedPhotos(settings.ImagesDirectory));
                sets.AddRange(BenchImages.SyntheticGroups(settings.ImagesDirectory, work.FullName));
                var fer = settings.FerDirectory is null ? [] : BenchImages.FerSample(settings.FerDirectory, settings.FerSample);
                if (fer.Count == 0)
                {
                    notes.Add($"FER2013 recall set absent: no images under {settings.FerDirectory ?? "(not given)"}");
                }

                sets.AddRange(fer);
                sets.AddRange(BenchImages.FerWithMargin(fer, work.FullName));

                var (peer, peerCounts) = StartPeer(settings, frame, work.FullName, sets, progress);
                var recall = Score(sets, ours, haar, settings, progress);
                if (peerCounts is not null)
                {
                    var counts = peerCounts.GetAwaiter().GetResult();
                    if (counts.Available)
                    {
                        peer = peer with { FacesFound = counts.FacesFound };
                        AddPeerRecall(recall, sets, counts.FacesFound!);
                    }
                    else
                    {
                        progress(counts.Reason!);
                        notes.Add($"face-api.js recall absent: {counts.Reason}");
                    }
                }

                progress("done");
                return new ComparisonReport(
                    timings[0],
                    timings[1],
                    feed,
                    timings.Skip(2).ToArray(),
                    haarAbsent,
                    peer,
                    recall,
                    notes,
                    frame.Length,
                    Machine(),
                    DateTimeOffset.UtcNow,
                    clock.Elapsed.TotalSeconds);
            }
            finally
            {
                haar.ForEach(h => h.Dispose());
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static FeedTiming TimeFeed(OursPipeline ours, ComparisonSettings settings, Action<string> progress)
    {
        var frames = BenchImages.MovingFrames(settings.ImagesDirectory, settings.FeedFrames);
        progress($"timing our camera feed (tracking between detector runs) on a {frames.Count}-frame moving clip, {settings.FeedPasses} passes...");
        var (times, detected) = ours.TimeFeed(frames, settings.FeedPasses);
        return new FeedTiming(Median(times), times.Average(), times.Count, detected);
    }

    private static PipelineTiming[] Time(IReadOnlyList<IFramePipeline> pipelines, byte[] frame, ComparisonSettings settings, Action<string> progress)
    {
        progress($"timing {pipelines.Count} pipelines on a {BenchImages.FrameWidth}x{BenchImages.FrameHeight} JPEG: {settings.Warmup} warm-up runs (at least {settings.WarmupTime.TotalSeconds:0.#} s) + {settings.Repetitions} runs each, in {Rounds} alternating rounds...");
        foreach (var pipeline in pipelines)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < settings.Warmup || Stopwatch.GetElapsedTime(started) < settings.WarmupTime; i++)
            {
                pipeline.Run(frame);
            }
        }

        // Each pipeline runs a block of frames at a time, as it would in its own program: ONNX Runtime's and OpenCV's
        // worker threads spin a while after a call, and strict interleaving measured each against the other's spinning
        // (the Haar detector took twice as long). Rounds alternate, so load from other processes falls on all alike.
        var samples = pipelines.Select(_ => new List<StageTimes>(settings.Repetitions)).ToArray();
        var totals = pipelines.Select(_ => new List<double>(settings.Repetitions)).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            var runs = (settings.Repetitions / Rounds) + (round < settings.Repetitions % Rounds ? 1 : 0);
            for (var p = 0; p < pipelines.Count && runs > 0; p++)
            {
                pipelines[p].Run(frame);
                for (var r = 0; r < runs; r++)
                {
                    var start = Stopwatch.GetTimestamp();
                    samples[p].Add(pipelines[p].Run(frame));
                    totals[p].Add(StageTimes.Since(start));
                }
            }
        }

        return
        [
            .. pipelines.Select((p, i) => new PipelineTiming(
                p.Name,
                p.Detector,
                p.EmotionModel,
                Median(totals[i]),
                Median([.. samples[i].Select(s => s.DecodeMs)]),
                Median([.. samples[i].Select(s => s.DetectMs)]),
                Median([.. samples[i].Select(s => s.ClassifyMs)]),
                samples[i].Count == 0 ? 0 : samples[i][^1].Faces,
                settings.Repetitions)),
        ];
    }

    /// <summary>
    /// Times the peer on the frame alone (nothing else running), then starts its face counts on the recall images in the
    /// background: counts do not depend on timing, so they overlap our own recall scoring.
    /// </summary>
    private static (PeerResult Timing, Task<PeerResult>? Counts) StartPeer(
        ComparisonSettings settings, byte[] frame, string work, List<TruthImage> sets, Action<string> progress)
    {
        if (!settings.FaceApi)
        {
            return (PeerResult.Absent("not asked for (--no-faceapi)"), null);
        }

        var peer = new FaceApiPeer(settings.RepoRoot, settings.PeerTimeout, progress);
        if (peer.Prepare() is { } reason)
        {
            progress($"face-api.js peer absent: {reason}");
            return (PeerResult.Absent(reason), null);
        }

        var framePath = Path.Combine(work, "frame.jpg");
        File.WriteAllBytes(framePath, frame);
        var repeat = Math.Min(settings.Repetitions, settings.PeerRepetitions);
        progress($"face-api.js: timing the frame ({repeat} runs)...");
        var timing = peer.Run([framePath], repeat);
        if (!timing.Available)
        {
            progress(timing.Reason!);
            return (timing, null);
        }

        var subset = PeerRecallImages(sets, settings.PeerFerSample);
        progress($"face-api.js: counting faces in {subset.Count} recall images (in the background)...");
        return (timing, Task.Run(() => peer.Run([.. subset.Select(s => s.Path)], 1)));
    }

    /// <summary>
    /// The recall images the peer sees: all but the FER2013 sets, of which an even sample of <paramref name="ferCount"/>
    /// each, because face-api.js takes about a third of a second per image here and the run must stay under a minute.
    /// </summary>
    public static List<TruthImage> PeerRecallImages(IReadOnlyList<TruthImage> images, int ferCount)
    {
        ArgumentNullException.ThrowIfNull(images);
        var chosen = new List<TruthImage>();
        foreach (var set in images.GroupBy(i => i.Set))
        {
            var all = set.ToArray();
            var keep = set.Key.StartsWith(BenchImages.Fer, StringComparison.Ordinal) ? Math.Min(all.Length, ferCount) : all.Length;
            chosen.AddRange(Enumerable.Range(0, keep).Select(k => all[(int)((long)k * all.Length / keep)]));
        }

        return chosen;
    }

    private static List<SetRecall> Score(
        List<TruthImage> images,
        OursPipeline ours,
        List<HaarPipeline> haar,
        ComparisonSettings settings,
        Action<string> progress)
    {
        progress($"recall: {images.Count} images, ours (BlazeFace Auto) and {haar.Count} Haar setting(s)...");
        var columns = new List<(string Key, IFramePipeline? Pipeline)> { (ComparisonReport.OursKey, ours) };
        for (var i = 0; i < settings.HaarSettings.Count; i++)
        {
            columns.Add((ComparisonReport.HaarColumn(i, settings.HaarSettings[i].ScaleFactor), i < haar.Count ? haar[i] : null));
        }

        var result = new List<SetRecall>();
        foreach (var set in images.GroupBy(i => i.Set))
        {
            var tallies = new Dictionary<string, RecallTally?>(StringComparer.Ordinal);
            foreach (var (key, pipeline) in columns)
            {
                if (pipeline is null)
                {
                    tallies[key] = null;
                    continue;
                }

                var tally = new RecallTally();
                foreach (var image in set)
                {
                    tally.Add(RecallScorer.Score(image.Faces, pipeline.Detect(image.Path)));
                }

                tallies[key] = tally;
            }

            tallies[ComparisonReport.FaceApiKey] = null;
            result.Add(new SetRecall(set.Key, set.Count(), set.Sum(i => i.Faces.Count), tallies));
        }

        return result;
    }

    private static void AddPeerRecall(List<SetRecall> recall, List<TruthImage> images, IReadOnlyDictionary<string, int> found)
    {
        for (var i = 0; i < recall.Count; i++)
        {
            var set = recall[i];
            var tallies = new Dictionary<string, RecallTally?>(set.ByDetector, StringComparer.Ordinal)
            {
                [ComparisonReport.FaceApiKey] = CountTally(images.Where(image => image.Set == set.Set), found),
            };
            recall[i] = set with { ByDetector = tallies };
        }
    }

    // The peer reports counts per image, not boxes: count-based matching, an upper bound on box matching. It sees
    // only part of the FER2013 sample, so its tally counts the images it reported on.
    private static RecallTally? CountTally(IEnumerable<TruthImage> set, IReadOnlyDictionary<string, int> found)
    {
        var tally = new RecallTally();
        foreach (var image in set)
        {
            if (found.TryGetValue(FaceApiPeer.NormalizePath(image.Path), out var count))
            {
                tally.Add(RecallScorer.ScoreCount(image.Faces.Count, count));
            }
        }

        return tally.Images == 0 ? null : tally;
    }

    private static MachineInfo Machine()
    {
        var cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            CpuFeatures.Detect(),
            TurboJpeg.DecoderName);
    }
}
