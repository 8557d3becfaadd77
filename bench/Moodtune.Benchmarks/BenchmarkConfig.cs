using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Moodtune.Benchmarks;

/// <summary>Medians and allocations for every benchmark, with ratios against each class's baseline.</summary>
public static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
        .WithOptions(ConfigOptions.DisableLogFile);
}
