using System.Diagnostics;

namespace Moodtune.Tests;

/// <summary>One mutated input: its bytes, its case number and which seed input it came from.</summary>
internal readonly record struct FuzzInput(byte[] Bytes, int Number, int SeedIndex);

/// <summary>What a fuzz run saw: how each case ended (tallied by outcome) and the cases that broke the contract.</summary>
internal sealed record FuzzSummary(int Seed, int Cases, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<string> Failures)
{
    public override string ToString() =>
        $"seed {Seed}, {Cases} cases in {Elapsed.TotalSeconds:F1} s: {string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))}";
}

/// <summary>
/// Runs the cases of a <see cref="ByteMutator"/> through a target, each bounded in time. MOODTUNE_FUZZ_SEED and
/// MOODTUNE_FUZZ_CASES replace the test's seed and case count, for a longer hunt than CI affords or to replay a failure.
/// </summary>
internal static class FuzzRun
{
    /// <param name="target">Takes one input and says how it ended ("analysed", "3 rows skipped"...).</param>
    /// <param name="refusal">The outcome of an exception the target documents for bad input, or null for any other exception.</param>
    public static FuzzSummary Run(
        ByteMutator mutator, int seed, int cases, TimeSpan perCase, Func<FuzzInput, string> target, Func<Exception, string?> refusal)
    {
        seed = FromEnvironment("MOODTUNE_FUZZ_SEED") ?? seed;
        cases = FromEnvironment("MOODTUNE_FUZZ_CASES") ?? cases;
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < cases && failures.Count < 10; n++)
        {
            var (bytes, from) = mutator.Mutate(seed, n);
            var where = $"seed {seed}, case {n} (from seed input {from}, {bytes.Length} bytes)";
            var caseNumber = n;
            var run = Task.Run<(string Outcome, Exception? Error)>(() =>
            {
                try
                {
                    return (target(new FuzzInput(bytes, caseNumber, from)), null);
                }
                catch (Exception e)
                {
                    return ("", e);
                }
            });
            if (!run.Wait(perCase, TestContext.Current.CancellationToken))
            {
                // The stuck case cannot be stopped; later cases would only queue behind it.
                failures.Add($"{where}: no answer within {perCase.TotalSeconds} s (a hang)");
                break;
            }

            var (outcome, error) = run.Result;
            if (error is not null)
            {
                if (refusal(error) is not { } refused)
                {
                    failures.Add($"{where}: {error.GetType().FullName}: {error.Message}\n{error.StackTrace}");
                    continue;
                }

                outcome = refused;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        return new FuzzSummary(seed, cases, clock.Elapsed, outcomes, failures);
    }

    private static int? FromEnvironment(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
