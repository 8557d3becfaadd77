using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Moodtune.Cli.Tests;

/// <summary>The linux-arm64 build (tools/publish-arm64.sh) under emulation gives the x64 build's answers.</summary>
public sealed class Arm64EmulationTests(Arm64Build build) : IClassFixture<Arm64Build>, IDisposable
{
    // Under emulation detect took 11-21 s (1 s natively) and serve 21-33 s to answer, on 2 cores that the rest of the
    // suite shares: generous limits, which still end a hung program.
    private static readonly TimeSpan DetectTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ServeStartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-arm64-run-").FullName;

    [Theory]
    [InlineData("default")]
    [InlineData("moodtune3+flip")]
    public async Task Detect_under_arm64_emulation_finds_the_x64_face_with_our_int8_models(string model)
    {
        // Our int8 models store uint8 weights (u8u8): ONNX Runtime's kernels for them sum exactly in 32 bits on ARM and on
        // x64 alike (the u8s8 file before saturated 16-bit sums on AVX2 and moved the astronaut's probabilities by 0.0149
        // between this EPYC and ARM). What may differ is the float around them (normalisation, pooling, head, softmax,
        // the detector and the crop), on NEON against AVX2/FMA: measured on an AVX2 EPYC, 5e-10 for the default and 6e-9 for
        // moodtune3+flip. 1e-5, as for the float model below, leaves room for other CPUs' float kernels; a saturating
        // kernel is a thousand times that.
        await AssertDetectMatchesX64Async(model, probabilityTolerance: 1e-5);
    }

    [Fact]
    public async Task Detect_under_arm64_emulation_matches_the_x64_build_closely_with_a_float_model()
    {
        // Everything in float (decoding, BlazeFace, the crop, mini-Xception, softmax) on NEON against AVX2/FMA: the
        // probabilities differed by at most 1.4e-10 and the box by 2e-5 px; 1e-5 leaves room for other CPUs' kernels.
        await AssertDetectMatchesX64Async("minixception", probabilityTolerance: 1e-5);
    }

    // Issue 17: a photographed flower of the no-person set that the verifier takes for a face (p 0.82) and FaceMesh's face
    // flag does not (0.0001): both networks run in float on NEON, and the ARM program must drop it as the x64 one does.
    [Fact]
    public async Task Detect_under_arm64_emulation_asks_the_face_flag_and_drops_the_flower()
    {
        Assert.SkipWhen(build.Missing is not null, build.Missing ?? "");
        var flower = Path.Combine(DetectionSets.Build(), "no-person", "stamp-plants-flowers-flower2.png");

        var (exitCode, output) = await build.RunAsync(_temp, DetectTimeout, "detect", flower, "--json");
        var (verifierAloneExitCode, verifierAlone) = await build.RunAsync(_temp, DetectTimeout, "detect", flower, "--json", "--no-face-mesh");

        Assert.True(exitCode == 0 && verifierAloneExitCode == 0, $"detect under emulation failed:\n{Arm64Build.Tail(output)}\n{Arm64Build.Tail(verifierAlone)}");
        Assert.Equal(0, Faces(output).GetArrayLength());
        Assert.Equal(1, Faces(verifierAlone).GetArrayLength());
    }

    [Fact]
    public async Task Serve_under_arm64_emulation_becomes_ready_and_serves_the_page()
    {
        Assert.SkipWhen(build.Missing is not null, build.Missing ?? "");
        var port = FreeLoopbackPort();
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var server = build.Start(_temp, output, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(_temp, "data"));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var health = await WaitForReadyAsync(http, server, output);
            TestContext.Current.TestOutputHelper?.WriteLine($"serve answered /ready after {stopwatch.Elapsed.TotalSeconds:F1} s under emulation");

            Assert.Equal("ok", health);
            // The page and Chart.js (from the npm step) lie beside the ARM program, not only in the x64 build.
            var page = await http.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Contains("<title>Moodtune", page, StringComparison.Ordinal);
            using var chart = await http.GetAsync(new Uri("/lib/chart.js/chart.umd.js", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private async Task AssertDetectMatchesX64Async(string model, double probabilityTolerance)
    {
        Assert.SkipWhen(build.Missing is not null, build.Missing ?? "");
        var image = TestPaths.TestImage("astronaut.png");
        var (x64ExitCode, x64Output, x64Error) = await CliRunner.RunAsync("detect", image, "--json", "--model", model);
        Assert.True(x64ExitCode == 0, x64Error);

        var stopwatch = Stopwatch.StartNew();
        var (exitCode, output) = await build.RunAsync(_temp, DetectTimeout, "detect", image, "--json", "--model", model);
        var elapsed = stopwatch.Elapsed;
        Assert.True(exitCode == 0, $"detect under emulation exited {exitCode} (a SIGSEGV right after ONNX Runtime reads /sys/devices/system/cpu means it saw the host's /proc/cpuinfo):\n{Arm64Build.Tail(output)}");

        var x64Face = SingleHappyFace(x64Output);
        var armFace = SingleHappyFace(output);
        foreach (var side in new[] { "x", "y", "width", "height" })
        {
            var expected = x64Face.GetProperty("box").GetProperty(side).GetDouble();
            Assert.InRange(armFace.GetProperty("box").GetProperty(side).GetDouble(), expected - 1, expected + 1);
        }

        var maxDifference = 0.0;
        foreach (var probability in x64Face.GetProperty("probabilities").EnumerateObject())
        {
            var armProbability = armFace.GetProperty("probabilities").GetProperty(probability.Name).GetDouble();
            var difference = Math.Abs(armProbability - probability.Value.GetDouble());
            maxDifference = Math.Max(maxDifference, difference);
            Assert.True(difference <= probabilityTolerance,
                $"{probability.Name}: {armProbability} on arm64, {probability.Value.GetDouble()} on x64 (tolerance {probabilityTolerance})");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{model}: detect took {elapsed.TotalSeconds:F1} s under emulation (publish {build.PublishTime.TotalSeconds:F0} s); max |Δp| {maxDifference:G3}");
    }

    // The JSON line of detect's output (under emulation the runtime may print other lines around it).
    private static JsonElement Faces(string output) =>
        JsonDocument.Parse(output.Split('\n').First(line => line.StartsWith('{'))).RootElement.GetProperty("faces").Clone();

    private static JsonElement SingleHappyFace(string output)
    {
        var faces = Faces(output);
        Assert.Equal(1, faces.GetArrayLength());
        Assert.Equal("happy", faces[0].GetProperty("emotion").GetString());
        return faces[0];
    }

    // Polls until /ready answers 200: a 503 while the database or the models are still loading is not yet an answer.
    private static async Task<string> WaitForReadyAsync(HttpClient http, Process server, StringBuilder output)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer (not listening)";
        while (deadline.Elapsed < ServeStartTimeout)
        {
            Assert.False(server.HasExited, $"serve exited under emulation:\n{Arm64Build.Tail(Arm64Build.Snapshot(output))}");
            try
            {
                using var response = await http.GetAsync(new Uri("/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body;
                }

                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the runtime, ASP.NET Core and the models load slowly under emulation.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException(
            $"serve did not answer /ready with 200 within {ServeStartTimeout.TotalSeconds} s under emulation (last: {last}):\n{Arm64Build.Tail(Arm64Build.Snapshot(output))}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
