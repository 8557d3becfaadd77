using Moodtune.Comparison;

namespace Moodtune.Comparison.Tests;

public class FaceApiPeerTests
{
    [Fact]
    public void The_peers_JSON_object_is_read_after_any_log_lines()
    {
        var result = FaceApiPeer.Parse("""
            loading models
            {"faceapi_ms_median":123.4,"faces_found":{"/tmp/a.jpg":2,"/tmp/b.jpg":0},"backend":"wasm","images":2}
            """);

        Assert.True(result.Available);
        Assert.Equal(123.4, result.MedianMs);
        Assert.Equal("wasm", result.Backend);
        Assert.Equal(2, result.FacesFound![FaceApiPeer.NormalizePath("/tmp/a.jpg")]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Error: cannot find module")]
    [InlineData("{\"backend\":\"wasm\"}")]
    [InlineData("{not json")]
    public void Output_without_a_median_makes_the_peer_absent_with_a_reason(string output)
    {
        var result = FaceApiPeer.Parse(output);

        Assert.False(result.Available);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Null(result.MedianMs);
    }

    [Fact]
    public void A_missing_peer_script_is_a_reason_not_a_failure()
    {
        var root = Directory.CreateTempSubdirectory("moodtune-no-peer-");
        try
        {
            var reason = new FaceApiPeer(root.FullName, TimeSpan.FromSeconds(5), _ => { }).Prepare();

            Assert.NotNull(reason);
            Assert.True(reason.Contains("faceapi-bench.mjs", StringComparison.Ordinal) || reason.Contains("node", StringComparison.Ordinal), reason);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
