using System.CommandLine;

namespace Moodtune.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON to stdout (one object per line)." };

    public static Option<string> EmotionModel() => new("--model")
    {
        Description = "Emotion model: default, moodtune (ours, trained on FER2013), minixception, faceapi, or several joined by '+', with '+flip' for mirror averaging.",
        DefaultValueFactory = _ => "default",
    };

    public static Option<DirectoryInfo?> ModelsDirectory() => new("--models-dir")
    {
        Description = "Folder holding the .onnx models (default: the models/ folder beside the program).",
    };
}
