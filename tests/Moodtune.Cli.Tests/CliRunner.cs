namespace Moodtune.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MoodtuneCommandLine.RunAsync(args, new CliConsole(output, error, errorIsTerminal: false), TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
