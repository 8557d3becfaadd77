using Moodtune.Cli;

return await MoodtuneCommandLine.RunAsync(args, CliConsole.System());
