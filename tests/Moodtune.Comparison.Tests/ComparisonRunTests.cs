using System.Text.Json.Nodes;
using Moodtune.Comparison;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;

namespace Moodtune.Comparison.Tests;

/// <summary>A tiny real run: two repetitions, seven FER2013 images, no face-api.js peer.</summary>
public class ComparisonRunTests
{
    private static readonly Lazy<ComparisonReport> TinyRun = new(() => ComparisonRunner.Run(
        new ComparisonSettings
        {
            RepoRoot = TestPaths.RepoRoot,
            ModelsDirectory = TestPaths.ModelsDir,
            ImagesDirectory = TestPaths.TestImagesDir,
            FerDirectory = Path.Combine(TestPaths.SharedDataDir, "fer2013", "val"),
            Warmup = 1,
            WarmupTime = TimeSpan.Zero,
            Repetitions = 2,
            FerSample = 7,
            HaarSettings = [(1.3, 5)],
            FaceApi = false,
            FeedFrames = 20,
            FeedPasses = 1,
        },
        _ => { }));

    private static bool CascadePresent => File.Exists(HaarPipeline.DefaultCascadePath);

    [Fact]
    public void The_JSON_has_the_figures_the_issue_names()
    {
        var json = JsonNode.Parse(ReportWriter.ToJsonLine(TinyRun.Value))!.AsObject();

        foreach (var key in new[]
        {
            "pipeline_ms_median", "haar_pipeline_ms_median", "speedup_vs_haar", "faceapi_ms_median", "speedup_vs_faceapi",
            "default_model_ms_median", "pipeline_tracked_ms_median", "tracked_fraction", "recall", "machine", "date",
        })
        {
            Assert.True(json.ContainsKey(key), $"missing {key}");
        }

        Assert.True(json["pipeline_ms_median"]!.GetValue<double>() > 0);
        Assert.True(json["pipeline_tracked_ms_median"]!.GetValue<double>() > 0);

        // The clip moves slowly enough to track: the detector runs on the first frame and every tenth, not on every frame.
        Assert.InRange(json["tracked_fraction"]!.GetValue<double>(), 0.5, 0.95);
        Assert.Null(json["faceapi_ms_median"]);
        Assert.Null(json["speedup_vs_faceapi"]);
        Assert.False(json["faceapi"]!["available"]!.GetValue<bool>());
        Assert.Contains("--no-faceapi", json["faceapi"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(json["machine"]!["cores"]!.GetValue<int>() >= 1);
        Assert.False(string.IsNullOrEmpty(json["machine"]!["cpu"]!.GetValue<string>()));
        Assert.Equal(CpuFeatures.Detect(), json["machine"]!["isa"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(TurboJpeg.DecoderName, json["machine"]!["jpeg_decoder"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(json["date"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void Recall_has_ours_haar_and_faceapi_per_set_and_ours_finds_the_packaged_faces()
    {
        var recall = JsonNode.Parse(ReportWriter.ToJsonLine(TinyRun.Value))!["recall"]!.AsObject();

        Assert.True(recall.ContainsKey(BenchImages.Packaged));
        Assert.True(recall.ContainsKey(BenchImages.Synthetic));
        foreach (var (_, set) in recall)
        {
            Assert.True(set!.AsObject().ContainsKey("ours"));
            Assert.True(set.AsObject().ContainsKey("haar"));
            Assert.True(set.AsObject().ContainsKey("faceapi"));
        }

        Assert.Equal(2, recall[BenchImages.Packaged]!["faces"]!.GetValue<int>());
        Assert.Equal(8, recall[BenchImages.Synthetic]!["faces"]!.GetValue<int>());
        Assert.Equal(1.0, recall[BenchImages.Packaged]!["ours"]!.GetValue<double>());
        Assert.Equal(1.0, recall[BenchImages.Synthetic]!["ours"]!.GetValue<double>());
        if (Directory.Exists(Path.Combine(TestPaths.SharedDataDir, "fer2013", "val")))
        {
            Assert.Equal(7, recall[BenchImages.Fer]!["images"]!.GetValue<int>());
        }
    }

    [Fact]
    public void The_Haar_baseline_times_the_frame_and_finds_its_face()
    {
        if (!CascadePresent)
        {
            Assert.Skip($"Haar cascade absent: {HaarPipeline.DefaultCascadePath} (apt-get install opencv-data); the Haar part did not run");
        }

        var report = TinyRun.Value;
        var haar = Assert.Single(report.Haar);
        Assert.Null(report.HaarAbsentReason);
        Assert.True(haar.MedianMs > 0);
        Assert.Equal(1, haar.FacesInFrame);
        Assert.Equal("minixception", haar.EmotionModel);

        var json = JsonNode.Parse(ReportWriter.ToJsonLine(report))!;
        Assert.True(json["speedup_vs_haar"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Without_the_cascade_the_Haar_figures_are_null_with_a_reason()
    {
        var report = ComparisonRunner.Run(
            new ComparisonSettings
            {
                RepoRoot = TestPaths.RepoRoot,
                ModelsDirectory = TestPaths.ModelsDir,
                ImagesDirectory = TestPaths.TestImagesDir,
                CascadePath = Path.Combine(Path.GetTempPath(), "no-such-cascade.xml"),
                Warmup = 0,
                WarmupTime = TimeSpan.Zero,
                Repetitions = 1,
                FerSample = 0,
                FaceApi = false,
            },
            _ => { });

        var json = JsonNode.Parse(ReportWriter.ToJsonLine(report))!;
        Assert.Null(json["haar_pipeline_ms_median"]);
        Assert.Null(json["speedup_vs_haar"]);
        Assert.Contains("no-such-cascade.xml", json["haar"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(json["recall"]![BenchImages.Packaged]!["haar"]);
    }

    [Fact]
    public void The_table_names_every_pipeline()
    {
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 220;

        ReportWriter.WriteTable(console, TinyRun.Value);

        var text = writer.ToString();
        Assert.Contains("ours", text, StringComparison.Ordinal);
        Assert.Contains(Moodtune.Vision.Emotions.EmotionClassifier.DefaultSpec, text, StringComparison.Ordinal);
        Assert.Contains("face-api.js peer absent", text, StringComparison.Ordinal);
        Assert.Contains("packaged", text, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', TinyRun.Value.Machine.Isa), text, StringComparison.Ordinal);
    }
}
