using System.CommandLine;
using Moodtune.Cli.Commands;

namespace Moodtune.Cli;

/// <summary>The `moodtune` command line: one class per command, each returning its exit code.</summary>
public static class MoodtuneCommandLine
{
    public static RootCommand Build(CliConsole console) => new("Moodtune: music for your mood, from your face.")
    {
        DetectCommand.Create(console),
        EvalCommand.Create(console),
        EvalDetectCommand.Create(console),
        RecommendCommand.Create(console),
        CatalogCommand.Create(console),
        ServeCommand.Create(console),
    };

    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        Build(console).Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
}
