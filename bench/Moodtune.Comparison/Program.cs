using System.CommandLine;
using Moodtune.Comparison;

return new BenchCommand().Parse(args).Invoke();
