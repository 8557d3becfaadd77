using Spectre.Console;

namespace Moodtune.Cli;

/// <summary>
/// Where a command writes: machine output (JSON) to <see cref="Out"/>, people's text to <see cref="Human"/>
/// (stdout, or stderr when --json owns stdout), errors and progress to <see cref="Error"/>. Tests pass string writers.
/// </summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool errorIsTerminal)
    {
        Out = output;
        Error = error;
        ErrorIsTerminal = errorIsTerminal;
        Human = CreateAnsi(output, errorIsTerminal && !Console.IsOutputRedirected);
        HumanError = CreateAnsi(error, errorIsTerminal);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Whether a progress bar can be drawn on the error stream.</summary>
    public bool ErrorIsTerminal { get; }

    public IAnsiConsole Human { get; }

    public IAnsiConsole HumanError { get; }

    public static CliConsole System() =>
        new(global::System.Console.Out, global::System.Console.Error, !global::System.Console.IsErrorRedirected);

    /// <summary>Reports one failed input as a single line naming it; the batch goes on.</summary>
    public void Problem(string subject, string message) => Error.WriteLine($"moodtune: {subject}: {message}");

    private static IAnsiConsole CreateAnsi(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });

        if (!terminal)
        {
            // Files and pipes have no width: tables get room for all seven probabilities instead of 80 columns.
            console.Profile.Width = 160;
        }

        return console;
    }
}
