using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Moodtune.Comparison;

/// <summary>The comparison as a table for people, or one JSON object for machines.</summary>
public static class ReportWriter
{
    public static JsonObject ToJson(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var haar = report.Haar.Count > 0 ? report.Haar[0] : null;
        var recall = new JsonObject();
        foreach (var set in report.Recall)
        {
            var entry = new JsonObject();
            var found = new JsonObject();
            var falseDetections = new JsonObject();
            var evaluated = new JsonObject();
            foreach (var (key, tally) in set.ByDetector)
            {
                evaluated[key] = tally?.Images;
                entry[key] = Round(tally?.Recall, 4);
                found[key] = tally?.Found;
                falseDetections[key] = tally?.FalseDetections;
            }

            entry["images"] = set.Images;
            entry["faces"] = set.Faces;
            entry["found"] = found;
            entry["false_detections"] = falseDetections;
            entry["images_evaluated"] = evaluated;
            recall[set.Set] = entry;
        }

        return new JsonObject
        {
            ["pipeline_ms_median"] = Round(report.Ours.MedianMs),
            ["haar_pipeline_ms_median"] = Round(haar?.MedianMs),
            ["speedup_vs_haar"] = Round(Ratio(haar?.MedianMs, report.Ours.MedianMs)),
            ["time_ratio_vs_haar"] = Round(Ratio(report.Ours.MedianMs, haar?.MedianMs)),
            ["faceapi_ms_median"] = Round(report.FaceApi.MedianMs),
            ["speedup_vs_faceapi"] = Round(Ratio(report.FaceApi.MedianMs, report.Ours.MedianMs)),
            ["time_ratio_vs_faceapi"] = Round(Ratio(report.Ours.MedianMs, report.FaceApi.MedianMs)),
            ["default_model_ms_median"] = Round(report.OursDefault?.MedianMs),
            ["pipeline_tracked_ms_median"] = Round(report.OursFeed?.MedianMs),
            ["pipeline_tracked_ms_mean"] = Round(report.OursFeed?.MeanMs),
            ["tracked_fraction"] = Round(report.OursFeed?.TrackedFraction),
            ["speedup_vs_haar_tracked"] = Round(Ratio(haar?.MedianMs, report.OursFeed?.MedianMs)),
            ["recall"] = recall,
            ["recall_matching"] = "a true face is found when a detection's centre lies in its box (FER2013: the whole 48x48 image); face-api.js reports counts only, so its recall is count-based (at most one per true face)",
            ["pipelines"] = new JsonArray([.. new[] { report.Ours, report.OursDefault }.OfType<PipelineTiming>().Concat(report.Haar).Select(Pipeline)]),
            ["haar"] = new JsonObject
            {
                ["available"] = haar is not null,
                ["reason"] = report.HaarAbsentReason,
                ["settings"] = "the first pipeline named haar is the baseline of haar_pipeline_ms_median and speedup_vs_haar",
            },
            ["faceapi"] = new JsonObject
            {
                ["available"] = report.FaceApi.Available,
                ["reason"] = report.FaceApi.Reason,
                ["backend"] = report.FaceApi.Backend,
            },
            ["frame"] = new JsonObject { ["width"] = BenchImages.FrameWidth, ["height"] = BenchImages.FrameHeight, ["jpeg_bytes"] = report.FrameBytes },
            ["repetitions"] = report.Ours.Repetitions,
            ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode?)n)]),
            ["machine"] = new JsonObject
            {
                ["cpu"] = report.Machine.Cpu,
                ["cores"] = report.Machine.Cores,
                ["os"] = report.Machine.Os,
                ["runtime"] = report.Machine.Runtime,
                ["isa"] = new JsonArray([.. report.Machine.Isa.Select(name => (JsonNode?)name)]),
                ["jpeg_decoder"] = report.Machine.JpegDecoder,
            },
            ["date"] = report.Date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["elapsed_s"] = Round(report.ElapsedSeconds, 1),
        };
    }

    private static JsonObject Pipeline(PipelineTiming timing) => new()
    {
        ["name"] = timing.Name,
        ["detector"] = timing.Detector,
        ["emotion_model"] = timing.EmotionModel,
        ["ms_median"] = Round(timing.MedianMs),
        ["decode_ms_median"] = Round(timing.DecodeMs),
        ["detect_ms_median"] = Round(timing.DetectMs),
        ["classify_ms_median"] = Round(timing.ClassifyMs),
        ["faces_in_frame"] = timing.FacesInFrame,
        ["repetitions"] = timing.Repetitions,
    };

    public static string ToJsonLine(ComparisonReport report) => ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public static void WriteTable(IAnsiConsole console, ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.MarkupLineInterpolated(
            $"[bold]Time per frame[/]: {BenchImages.FrameWidth}x{BenchImages.FrameHeight} JPEG ({report.FrameBytes:N0} bytes), decode + detect + classify the largest face; median of {report.Ours.Repetitions} runs after warm-up");
        var times = new Table().AddColumns("pipeline", "detector", "emotion model", "ms/frame", "decode", "detect", "classify", "faces", "ours ÷ this", "speed-up of ours");
        foreach (var column in times.Columns.Skip(3))
        {
            column.RightAligned();
        }

        foreach (var timing in new[] { report.Ours, report.OursDefault }.OfType<PipelineTiming>().Concat(report.Haar))
        {
            times.AddRow(
                Markup.Escape(timing.Name),
                Markup.Escape(timing.Detector),
                Markup.Escape(timing.EmotionModel),
                Ms(timing.MedianMs),
                Ms(timing.DecodeMs),
                Ms(timing.DetectMs),
                Ms(timing.ClassifyMs),
                timing.FacesInFrame.ToString(CultureInfo.InvariantCulture),
                Times(Ratio(report.Ours.MedianMs, timing.MedianMs)),
                Times(Ratio(timing.MedianMs, report.Ours.MedianMs)));
        }

        if (report.FaceApi.Available)
        {
            times.AddRow(
                "face-api.js",
                Markup.Escape($"peer, Node ({report.FaceApi.Backend ?? "?"} backend)"),
                "faceapi",
                Ms(report.FaceApi.MedianMs),
                "",
                "",
                "",
                "",
                Times(Ratio(report.Ours.MedianMs, report.FaceApi.MedianMs)),
                Times(Ratio(report.FaceApi.MedianMs, report.Ours.MedianMs)));
        }

        console.Write(times);
        if (report.OursFeed is { } feed)
        {
            console.MarkupLineInterpolated(
                $"Our camera feed over {feed.Frames} frames of a moving clip (face tracked between detector runs): median [bold]{Ms(feed.MedianMs)}[/] ms/frame, mean {Ms(feed.MeanMs)} ms; the detector ran on {feed.DetectedFrames} of {feed.Frames} frames; {Times(Ratio(report.Haar.Count > 0 ? report.Haar[0].MedianMs : null, feed.MedianMs))} faster than the first Haar pipeline");
        }

        if (report.HaarAbsentReason is not null)
        {
            console.MarkupLineInterpolated($"Haar baseline absent: {report.HaarAbsentReason}");
        }

        if (!report.FaceApi.Available)
        {
            console.MarkupLineInterpolated($"face-api.js peer absent: {report.FaceApi.Reason}");
        }

        console.WriteLine();
        console.MarkupLine("[bold]Face-detection recall[/]: found / true faces, recall (false detections); a face is found when a detection's centre lies in its box; face-api.js reports counts only (at most one found per true face) and sees a smaller FER2013 sample");
        var keys = report.Recall.SelectMany(s => s.ByDetector.Keys).Distinct().ToArray();
        var haarKeys = keys.Where(k => k.StartsWith(ComparisonReport.HaarKey, StringComparison.Ordinal)).ToList();
        var recall = new Table().AddColumns(["set", "images", "faces", .. keys.Select(k => Title(k, haarKeys.IndexOf(k) is var i && i >= 0 && i < report.Haar.Count ? report.Haar[i].Name : k))]);
        foreach (var column in recall.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var set in report.Recall)
        {
            recall.AddRow([
                set.Set,
                set.Images.ToString(CultureInfo.InvariantCulture),
                set.Faces.ToString(CultureInfo.InvariantCulture),
                .. keys.Select(k => Cell(set.ByDetector.GetValueOrDefault(k))),
            ]);
        }

        console.Write(recall);
        foreach (var note in report.Notes)
        {
            console.MarkupLineInterpolated($"{note}");
        }

        var isa = report.Machine.Isa.Count > 0 ? string.Join(' ', report.Machine.Isa) : "instruction sets unknown";
        console.MarkupLineInterpolated($"{report.Machine.Cpu}, {report.Machine.Cores} cores ({isa}), {report.Machine.Runtime}, JPEG by {report.Machine.JpegDecoder}; {report.Date:yyyy-MM-dd HH:mm} UTC; {report.ElapsedSeconds:0.0} s");
    }

    private static string Title(string key, string haarName) => key switch
    {
        ComparisonReport.OursKey => "ours (BlazeFace Auto)",
        ComparisonReport.FaceApiKey => "face-api.js (counts)",
        _ => Markup.Escape(haarName.Replace('_', ' ')),
    };

    private static string Cell(RecallTally? tally) => tally?.Recall is not double r
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{tally.Found}/{tally.Faces} {r:P1} ({tally.FalseDetections})");

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is double n && denominator is double d && d > 0 && !double.IsNaN(n) ? n / d : null;

    private static double? Round(double? value, int digits = 3) =>
        value is double v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    private static string Ms(double? value) => value is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Times(double? value) => value is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
}
