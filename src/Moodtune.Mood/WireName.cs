using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Moodtune.Mood;

/// <summary>
/// How Moodtune spells an enum value outside the code, in JSON, CSV and text alike: the member name in snake_case
/// (happy, energize, picker), the naming policy of every JSON context, so that no site lower-cases a name by hand.
/// </summary>
public static class WireName
{
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.SnakeCaseLower;

    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.ByValue.TryGetValue(value, out var name) ? name : Policy.ConvertName(value.ToString());

    // Converted once per enum: the camera's frames name their emotion many times a second.
    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));
    }
}

/// <summary>
/// An enum in JSON by its <see cref="WireName"/>. Source-generated contexts take converters by type, hence a type per
/// enum: <c>[JsonSourceGenerationOptions(Converters = [typeof(WireNameConverter&lt;Emotion&gt;)])]</c>.
/// </summary>
public sealed class WireNameConverter<T>() : JsonStringEnumConverter<T>(WireName.Policy)
    where T : struct, Enum;
