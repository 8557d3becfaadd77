using System.CommandLine;
using Moodtune.Comparison;
using Spectre.Console;

var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the tables." };
var repeat = new Option<int>("--repeat") { Description = "Timed runs per pipeline (after warm-up).", DefaultValueFactory = _ => 20 };
var warmup = new Option<int>("--warmup") { Description = "Untimed runs per pipeline first.", DefaultValueFactory = _ => 5 };
var ferSample = new Option<int>("--fer-sample") { Description = "FER2013 val images for recall, evenly spread over the classes (0: none).", DefaultValueFactory = _ => 210 };
var ferDir = new Option<DirectoryInfo?>("--fer-dir") { Description = "The FER2013 val folder (default ../shared/data/fer2013/val beside the repository)." };
var cascade = new Option<FileInfo?>("--cascade") { Description = $"The Haar cascade (default {HaarPipeline.DefaultCascadePath})." };
var noFaceApi = new Option<bool>("--no-faceapi") { Description = "Leave out the face-api.js peer." };

var root = new RootCommand("Moodtune's pipeline against the classic Haar-cascade baseline (and face-api.js): time per frame and face recall.")
{
    json, repeat, warmup, ferSample, ferDir, cascade, noFaceApi,
};
root.SetAction(result =>
{
    var repoRoot = RepoRoot();
    var settings = new ComparisonSettings
    {
        RepoRoot = repoRoot,
        ModelsDirectory = Path.Combine(AppContext.BaseDirectory, "models"),
        ImagesDirectory = Path.Combine(AppContext.BaseDirectory, "images"),
        CascadePath = result.GetValue(cascade)?.FullName ?? HaarPipeline.DefaultCascadePath,
        FerDirectory = result.GetValue(ferDir)?.FullName ?? Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", "fer2013", "val")),
        Repetitions = Math.Max(1, result.GetValue(repeat)),
        Warmup = Math.Max(0, result.GetValue(warmup)),
        FerSample = Math.Max(0, result.GetValue(ferSample)),
        FaceApi = !result.GetValue(noFaceApi),
    };

    ComparisonReport report;
    try
    {
        report = ComparisonRunner.Run(settings, message => Console.Error.WriteLine($"bench: {message}"));
    }
    catch (Exception e) when (e is FileNotFoundException or ArgumentException)
    {
        Console.Error.WriteLine($"bench: {e.Message}");
        return 1;
    }

    if (result.GetValue(json))
    {
        Console.Out.WriteLine(ReportWriter.ToJsonLine(report));
    }
    else
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        ReportWriter.WriteTable(console, report);
    }

    return 0;
});
return root.Parse(args).Invoke();

// The folder holding Moodtune.slnx above the program (.build/bench or bin/...), else the current folder.
static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Moodtune.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
