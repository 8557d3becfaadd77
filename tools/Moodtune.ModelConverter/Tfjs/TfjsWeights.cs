using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Moodtune.ModelConverter.Tfjs;

/// <summary>Decodes a TF.js weights manifest (the <c>weightsManifest</c> array) and its binary shards.</summary>
public static class TfjsWeights
{
    /// <param name="manifest">The array of weight groups, each with <c>paths</c> and <c>weights</c>.</param>
    /// <param name="readFile">Reads a shard named by a manifest path (relative to the manifest's folder).</param>
    public static IReadOnlyDictionary<string, TfjsTensor> Decode(JsonArray manifest, Func<string, byte[]> readFile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(readFile);
        var tensors = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        foreach (var group in manifest.Select(g => g!.AsObject()))
        {
            // A group's shards are one buffer cut into files; weights are laid out back to back in manifest order.
            var buffer = group["paths"]!.AsArray()
                .SelectMany(p => readFile(p!.GetValue<string>()))
                .ToArray();
            var offset = 0;
            foreach (var spec in group["weights"]!.AsArray().Select(w => w!.AsObject()))
            {
                var tensor = DecodeOne(spec, buffer, ref offset);
                tensors[tensor.Name] = tensor;
            }

            if (offset != buffer.Length)
            {
                throw new InvalidDataException($"Weight group [{string.Join(", ", group["paths"]!.AsArray())}] has {buffer.Length} bytes but its weights use {offset}.");
            }
        }

        return tensors;
    }

    private static TfjsTensor DecodeOne(JsonObject spec, byte[] buffer, ref int offset)
    {
        var name = spec["name"]!.GetValue<string>();
        var shape = spec["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
        var dtype = spec["dtype"]!.GetValue<string>();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var quantization = spec["quantization"]?.AsObject();

        if (quantization is not null)
        {
            var qtype = quantization["dtype"]!.GetValue<string>();
            var bytes = qtype switch
            {
                "uint8" => 1,
                "uint16" or "float16" => 2,
                _ => throw new NotSupportedException($"Weight '{name}' uses quantization dtype '{qtype}', which is not supported."),
            };
            var data = Slice(buffer, ref offset, count * bytes, name);
            var values = qtype == "float16" ? DecodeFloat16(data, count) : Dequantize(quantization, data, bytes, count);
            var original = quantization["original_dtype"]?.GetValue<string>() ?? dtype;
            return original == "int32"
                ? TfjsTensor.FromInts(name, shape, [.. values.Select(v => (int)Math.Round(v))])
                : TfjsTensor.FromFloats(name, shape, values);
        }

        switch (dtype)
        {
            case "float32":
            {
                var data = Slice(buffer, ref offset, count * 4, name);
                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(i * 4));
                }

                return TfjsTensor.FromFloats(name, shape, values);
            }

            case "int32":
            {
                var data = Slice(buffer, ref offset, count * 4, name);
                var values = new int[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(i * 4));
                }

                return TfjsTensor.FromInts(name, shape, values);
            }

            case "bool":
            {
                var data = Slice(buffer, ref offset, count, name);
                return new TfjsTensor(name, shape, TfjsDataType.Bool, [], [.. data.Select(b => b == 0 ? 0 : 1)]);
            }

            default:
                throw new NotSupportedException($"Weight '{name}' has dtype '{dtype}', which is not supported.");
        }
    }

    private static float[] Dequantize(JsonObject quantization, byte[] data, int bytes, int count)
    {
        // TF.js computes q * scale + min in double precision and stores it as float32; doing the same keeps weights bit-identical.
        var scale = quantization["scale"]!.GetValue<double>();
        var min = quantization["min"]!.GetValue<double>();
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            double q = bytes == 1 ? data[i] : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(i * 2));
            values[i] = (float)((q * scale) + min);
        }

        return values;
    }

    private static float[] DecodeFloat16(byte[] data, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(i * 2)));
        }

        return values;
    }

    private static byte[] Slice(byte[] buffer, ref int offset, int length, string name)
    {
        if (offset + length > buffer.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Weight '{name}' needs bytes {offset}..{offset + length} but its group has only {buffer.Length}."));
        }

        var slice = buffer.AsSpan(offset, length).ToArray();
        offset += length;
        return slice;
    }
}
