using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Moodtune.Comparison;

/// <summary>What the face-api.js peer measured, or why it did not run.</summary>
public sealed record PeerResult(
    string? Reason,
    double? MedianMs = null,
    string? Backend = null,
    IReadOnlyDictionary<string, int>? FacesFound = null)
{
    public bool Available => Reason is null;

    public static PeerResult Absent(string reason) => new(reason);
}

/// <summary>
/// Runs the face-api.js peer (bench/peer/faceapi-bench.mjs, written and owned by its own engineer) in Node:
/// `node faceapi-bench.mjs --images LIST --repeat N` prints one JSON object
/// {"faceapi_ms_median":..,"faces_found":{"path":count},"backend":..,"images":N}. Anything missing or failing
/// (no node, no script, npm ci failing, a crash, a timeout, bad JSON) makes it absent with the reason; it never
/// fails the comparison.
/// </summary>
public sealed class FaceApiPeer(string repoRoot, TimeSpan timeout, Action<string> progress)
{
    public string PeerDirectory => Path.Combine(repoRoot, "bench", "peer");

    public string ScriptPath => Path.Combine(PeerDirectory, "faceapi-bench.mjs");

    /// <summary>Why the peer cannot run here, or null when it can (installing its packages first when needed).</summary>
    public string? Prepare()
    {
        if (FindOnPath("node") is null)
        {
            return "node is not installed (not on PATH)";
        }

        if (!File.Exists(ScriptPath))
        {
            return $"{Relative(ScriptPath)} not found";
        }

        if (File.Exists(Path.Combine(PeerDirectory, "package.json")) && !Directory.Exists(Path.Combine(PeerDirectory, "node_modules")))
        {
            if (FindOnPath("npm") is not { } npm)
            {
                return $"{Relative(PeerDirectory)}/node_modules is missing and npm is not installed";
            }

            progress($"face-api.js: npm ci --prefix {Relative(PeerDirectory)} (once)...");
            var install = Execute(npm, ["ci", "--prefix", PeerDirectory, "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (install.Failure is not null)
            {
                return $"npm ci failed: {install.Failure}";
            }
        }

        return null;
    }

    /// <summary>Runs the peer on a list of images, each <paramref name="repeat"/> times.</summary>
    public PeerResult Run(IReadOnlyList<string> images, int repeat)
    {
        var list = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(list, images);
            var node = FindOnPath("node") ?? "node";
            var run = Execute(node, [ScriptPath, "--images", list, "--repeat", repeat.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
            return run.Failure is not null ? PeerResult.Absent($"face-api.js peer failed: {run.Failure}") : Parse(run.Output);
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>Reads the peer's JSON object (the last line of its output that starts with '{').</summary>
    public static PeerResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            return PeerResult.Absent("the face-api.js peer printed no JSON object");
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            double? median = root.TryGetProperty("faceapi_ms_median", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : null;
            if (median is null)
            {
                return PeerResult.Absent("the face-api.js peer's JSON has no faceapi_ms_median");
            }

            string? backend = root.TryGetProperty("backend", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            var faces = new Dictionary<string, int>(StringComparer.Ordinal);
            if (root.TryGetProperty("faces_found", out var found) && found.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in found.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Number)
                    {
                        faces[NormalizePath(entry.Name)] = entry.Value.GetInt32();
                    }
                }
            }

            return new PeerResult(null, median, backend, faces);
        }
        catch (JsonException e)
        {
            return PeerResult.Absent($"the face-api.js peer's output is not JSON: {e.Message}");
        }
    }

    /// <summary>The peer may echo paths as given or resolved; both sides compare full paths.</summary>
    public static string NormalizePath(string path) => Path.GetFullPath(path);

    private static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private string Relative(string path) => Path.GetRelativePath(repoRoot, path);

    private static (string Output, string? Failure) Execute(string program, IReadOnlyList<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        try
        {
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (string.Empty, $"timed out after {limit.TotalSeconds:0} s");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var last = error.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no message";
                return (string.Empty, $"exit code {process.ExitCode}: {last}");
            }

            return (output.ToString(), null);
        }
        catch (Win32Exception e)
        {
            return (string.Empty, e.Message);
        }
    }
}
