using System.CommandLine;
using Spectre.Console;

namespace Moodtune.Comparison;

/// <summary>
/// `moodtune-bench`: runs the comparison and prints it as tables or JSON on the invocation's output, progress and errors
/// on its error writer (so tests capture both).
/// </summary>
internal sealed class BenchCommand : RootCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object on stdout instead of the tables." };
    private static readonly Option<int> Repeat = new("--repeat") { Description = "Timed runs per pipeline (after warm-up).", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed runs per pipeline first (and at least a second of them, so the timed code is the optimised code a server runs).", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> FerSample = new("--fer-sample") { Description = "FER2013 val images for recall, evenly spread over the classes (0: none).", DefaultValueFactory = _ => 210 };
    private static readonly Option<DirectoryInfo?> FerDir = new("--fer-dir") { Description = "The FER2013 val folder (default ../shared/data/fer2013/val beside the repository)." };
    private static readonly Option<FileInfo?> Cascade = new("--cascade") { Description = $"The Haar cascade (default {HaarPipeline.DefaultCascadePath})." };
    private static readonly Option<bool> NoFaceApi = new("--no-faceapi") { Description = "Leave out the face-api.js peer." };
    private static readonly Option<bool> AllowMissing = new(MissingBaselines.AllowOption)
    {
        Description = "Report a missing Haar baseline or face-api.js peer as absent (null figures) and exit 0, instead of an error.",
    };

    public BenchCommand()
        : base("Moodtune's pipeline against the classic Haar-cascade baseline (and face-api.js): time per frame and face recall.")
    {
        Options.Add(Json);
        Options.Add(Repeat);
        Options.Add(Warmup);
        Options.Add(FerSample);
        Options.Add(FerDir);
        Options.Add(Cascade);
        Options.Add(NoFaceApi);
        Options.Add(AllowMissing);
        SetAction(Execute);
    }

    private static int Execute(ParseResult result)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var repoRoot = RepoRoot();
        var settings = new ComparisonSettings
        {
            RepoRoot = repoRoot,
            ModelsDirectory = Path.Combine(AppContext.BaseDirectory, "models"),
            ImagesDirectory = Path.Combine(AppContext.BaseDirectory, "images"),
            CascadePath = result.GetValue(Cascade)?.FullName ?? HaarPipeline.DefaultCascadePath,
            FerDirectory = result.GetValue(FerDir)?.FullName ?? Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", "fer2013", "val")),
            Repetitions = Math.Max(1, result.GetValue(Repeat)),
            Warmup = Math.Max(0, result.GetValue(Warmup)),
            FerSample = Math.Max(0, result.GetValue(FerSample)),
            FaceApi = !result.GetValue(NoFaceApi),
        };

        ComparisonReport report;
        try
        {
            report = ComparisonRunner.Run(settings, message => error.WriteLine($"bench: {message}"));
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            error.WriteLine($"bench: {e.Message}");
            return 1;
        }

        if (result.GetValue(Json))
        {
            output.WriteLine(ReportWriter.ToJsonLine(report));
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            if (Console.IsOutputRedirected)
            {
                console.Profile.Width = 200;
            }

            ReportWriter.WriteTable(console, report);
        }

        var missing = MissingBaselines.In(report, settings.FaceApi);
        var exitCode = MissingBaselines.ExitCode(missing, result.GetValue(AllowMissing));
        if (exitCode != 0)
        {
            foreach (var line in missing)
            {
                error.WriteLine($"bench: error: {line}");
            }

            error.WriteLine($"bench: {MissingBaselines.AllowOption} reports missing baselines as absent and exits 0");
        }

        return exitCode;
    }

    // The folder holding Moodtune.slnx above the program (.build/bench or bin/...), else the current folder.
    private static string RepoRoot()
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
}
