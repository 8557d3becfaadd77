using Moodtune.Training;

return await TrainingCommandLine.RunAsync(args, Console.Out, Console.Error);
