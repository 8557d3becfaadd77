using System.Text.Json.Nodes;
using Moodtune.ModelConverter.Tfjs;

namespace Moodtune.ModelConverter.Tests;

public class TfjsWeightsTests
{
    [Fact]
    public void Weights_are_read_back_to_back_across_shards_in_manifest_order()
    {
        var manifest = Manifest(["a.bin", "b.bin"], """[{"name":"f","shape":[2],"dtype":"float32"},{"name":"i","shape":[1],"dtype":"int32"}]""");
        byte[] a = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)[..2]];
        byte[] b = [.. BitConverter.GetBytes(-2f)[2..], .. BitConverter.GetBytes(7)];

        var weights = TfjsWeights.Decode(manifest, path => path == "a.bin" ? a : b);

        Assert.Equal([1.5f, -2f], weights["f"].Floats);
        Assert.Equal([7], weights["i"].Ints);
    }

    [Fact]
    public void Uint16_codes_are_little_endian_times_scale_plus_min()
    {
        var manifest = Manifest(["w.bin"], """[{"name":"w","shape":[2],"dtype":"float32","quantization":{"dtype":"uint16","scale":0.5,"min":-10}}]""");

        var weights = TfjsWeights.Decode(manifest, _ => [0x02, 0x00, 0x00, 0x01]);

        Assert.Equal([-9f, 118f], weights["w"].Floats);
    }

    [Fact]
    public void Float16_weights_decode_to_float32()
    {
        var manifest = Manifest(["w.bin"], """[{"name":"w","shape":[3],"dtype":"float32","quantization":{"dtype":"float16"}}]""");

        // 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 ~ 0.33325 in IEEE half precision.
        var weights = TfjsWeights.Decode(manifest, _ => [0x00, 0x3C, 0x00, 0xC0, 0x55, 0x35]);

        Assert.Equal([1f, -2f, (float)BitConverter.UInt16BitsToHalf(0x3555)], weights["w"].Floats);
    }

    [Fact]
    public void Quantized_int32_weights_round_to_integers()
    {
        var manifest = Manifest(["w.bin"], """[{"name":"w","shape":[2],"dtype":"int32","quantization":{"dtype":"uint8","scale":1.0,"min":-1,"original_dtype":"int32"}}]""");

        var weights = TfjsWeights.Decode(manifest, _ => [0, 3]);

        Assert.Equal([-1, 2], weights["w"].Ints);
    }

    [Fact]
    public void A_shard_of_the_wrong_size_is_reported()
    {
        var manifest = Manifest(["w.bin"], """[{"name":"w","shape":[2],"dtype":"float32"}]""");

        var error = Assert.Throws<InvalidDataException>(() => TfjsWeights.Decode(manifest, _ => new byte[4]));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    private static JsonArray Manifest(string[] paths, string weights) =>
        new(new JsonObject { ["paths"] = new JsonArray([.. paths.Select(p => (JsonNode)p)]), ["weights"] = JsonNode.Parse(weights) });
}
