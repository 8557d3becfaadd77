namespace Moodtune.Training.Tests;

/// <summary>
/// libtorch's random generator and thread pool are process-wide: two trainings at once would draw from one generator
/// (and fight for the cores), so the test classes that use TorchSharp share this collection and run one at a time.
/// </summary>
internal static class Torch
{
    public const string Collection = "libtorch";
}
