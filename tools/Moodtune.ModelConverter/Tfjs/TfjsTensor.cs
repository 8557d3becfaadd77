namespace Moodtune.ModelConverter.Tfjs;

/// <summary>Element types a TF.js weight can have once decoded.</summary>
#pragma warning disable CA1720 // The members are TensorFlow's dtype names.
public enum TfjsDataType
{
    Float32,
    Int32,
    Bool,
}
#pragma warning restore CA1720

/// <summary>A decoded TF.js weight: float data in <see cref="Floats"/>, integer and bool data in <see cref="Ints"/>.</summary>
public sealed record TfjsTensor(string Name, IReadOnlyList<int> Shape, TfjsDataType DataType, float[] Floats, int[] Ints)
{
    public int ElementCount => Shape.Aggregate(1, (a, b) => a * b);

    public static TfjsTensor FromFloats(string name, IReadOnlyList<int> shape, float[] values)
    {
        var tensor = new TfjsTensor(name, shape, TfjsDataType.Float32, values, []);
        if (tensor.ElementCount != values.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has shape [{string.Join(',', shape)}] but {values.Length} values.", nameof(values));
        }

        return tensor;
    }

    public static TfjsTensor FromInts(string name, IReadOnlyList<int> shape, int[] values) =>
        new(name, shape, TfjsDataType.Int32, [], values);

    public float[] RequireFloats()
    {
        if (DataType != TfjsDataType.Float32)
        {
            throw new InvalidDataException($"Weight '{Name}' is {DataType}, expected float32.");
        }

        return Floats;
    }

    public int[] RequireInts()
    {
        if (DataType == TfjsDataType.Float32)
        {
            throw new InvalidDataException($"Weight '{Name}' is float32, expected an integer tensor.");
        }

        return Ints;
    }
}
