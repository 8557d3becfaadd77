using System.CommandLine;
using System.Text.Json.Nodes;
using Moodtune.Comparison;

namespace Moodtune.Comparison.Tests;

public class MissingBaselinesTests
{
    private static readonly PipelineTiming Ours = new("ours", "BlazeFace front", "minixception", 4.1, 1.2, 1.7, 1.2, 1, 20);
    private static readonly PipelineTiming Haar = new("haar 1.3/5", "Haar cascade", "minixception", 41.6, 1.3, 38.5, 1.6, 1, 20);
    private static readonly PeerResult FaceApi = new(null, 344, "wasm");

    private static ComparisonReport Report(string? haarAbsent, PeerResult faceApi) => new(
        Ours,
        null,
        null,
        haarAbsent is null ? [Haar] : [],
        haarAbsent,
        faceApi,
        [],
        [],
        20_000,
        new MachineInfo("test cpu", 2, "Linux", ".NET 10", ["avx2"], "Skia"),
        DateTimeOffset.UnixEpoch,
        1);

    [Fact]
    public void A_run_with_every_baseline_exits_0()
    {
        var missing = MissingBaselines.In(Report(null, FaceApi), faceApiAsked: true);

        Assert.Empty(missing);
        Assert.Equal(0, MissingBaselines.ExitCode(missing, allowMissing: false));
    }

    [Fact]
    public void A_missing_Haar_baseline_fails_the_run_naming_it_and_why()
    {
        var missing = MissingBaselines.In(Report("Haar cascade not found: /nowhere.xml", FaceApi), faceApiAsked: true);

        var line = Assert.Single(missing);
        Assert.Contains("Haar baseline", line, StringComparison.Ordinal);
        Assert.Contains("/nowhere.xml", line, StringComparison.Ordinal);
        Assert.Equal(1, MissingBaselines.ExitCode(missing, allowMissing: false));
    }

    [Fact]
    public void A_missing_faceapi_peer_fails_the_run_only_when_it_was_asked_for()
    {
        var absent = PeerResult.Absent("node is not installed (not on PATH)");

        var asked = MissingBaselines.In(Report(null, absent), faceApiAsked: true);
        var notAsked = MissingBaselines.In(Report(null, PeerResult.Absent("not asked for (--no-faceapi)")), faceApiAsked: false);

        var line = Assert.Single(asked);
        Assert.Contains("face-api.js", line, StringComparison.Ordinal);
        Assert.Contains("node is not installed", line, StringComparison.Ordinal);
        Assert.Equal(1, MissingBaselines.ExitCode(asked, allowMissing: false));
        Assert.Empty(notAsked);
        Assert.Equal(0, MissingBaselines.ExitCode(notAsked, allowMissing: false));
    }

    [Fact]
    public void Allowing_missing_baselines_exits_0_though_both_are_missing()
    {
        var missing = MissingBaselines.In(Report("cascade did not load", PeerResult.Absent("npm ci failed")), faceApiAsked: true);

        Assert.Equal(2, missing.Count);
        Assert.Equal(0, MissingBaselines.ExitCode(missing, allowMissing: true));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void The_bench_with_a_bogus_cascade_exits_by_whether_missing_baselines_are_allowed(bool allow, int exitCode)
    {
        var cascade = Path.Combine(Path.GetTempPath(), $"no-such-cascade-{Guid.NewGuid():N}.xml");
        string[] args = ["--json", "--no-faceapi", "--cascade", cascade, "--repeat", "1", "--warmup", "0", "--fer-sample", "0"];
        var output = new StringWriter();
        var error = new StringWriter();

        var code = new BenchCommand().Parse(allow ? [.. args, MissingBaselines.AllowOption] : args)
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(exitCode, code);
        var json = JsonNode.Parse(output.ToString())!;
        Assert.False(json["haar"]!["available"]!.GetValue<bool>());
        Assert.Null(json["speedup_vs_haar"]);
        Assert.NotNull(json["machine"]!["isa"]!.AsArray());
        var errorLines = error.ToString().Split('\n').Where(l => l.StartsWith("bench: error:", StringComparison.Ordinal)).ToList();
        if (allow)
        {
            Assert.Empty(errorLines);
        }
        else
        {
            var line = Assert.Single(errorLines);
            Assert.Contains("Haar baseline", line, StringComparison.Ordinal);
            Assert.Contains(cascade, line, StringComparison.Ordinal);
        }
    }
}
