using System.Buffers;
using System.Text.Json;
using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>
/// Reads and writes the generic catalog as JSON (docs/catalog-format.md): a top-level array of song objects, or an object
/// whose <c>songs</c> property holds that array, with the CSV layout's snake_case field names and genres and moods as arrays.
/// </summary>
public static class CatalogJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>
    /// Streams the songs of a generic catalog JSON document, one <see cref="CatalogRow"/> per array element (its line is the
    /// line the element starts on): a song, or the problem that kept the element out. A document that cannot be parsed
    /// gives one problem row at the point of failure and ends; the elements before it have already been returned.
    /// Never throws on bad data.
    /// </summary>
    /// <param name="stream">UTF-8 JSON; a leading byte-order mark is ignored. The stream is not closed.</param>
    /// <param name="source">The <see cref="Song.Source"/> of elements without a <c>source</c>.</param>
    /// <param name="moodLookup">The point of a list of mood words, or null when it knows none of them.</param>
    public static IEnumerable<CatalogRow> Read(Stream stream, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return ReadRows(stream, source, moodLookup);
    }

    /// <summary>Writes <paramref name="songs"/> as an indented top-level array; <see cref="Read"/> gives them back unchanged.</summary>
    public static void Write(Stream stream, IEnumerable<Song> songs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(songs);
        using var json = new Utf8JsonWriter(stream, WriterOptions);
        json.WriteStartArray();
        foreach (var song in songs)
        {
            json.WriteStartObject();
            json.WriteString(CatalogFields.Id, song.Id);
            json.WriteString(CatalogFields.Title, song.Title);
            json.WriteString(CatalogFields.Artist, song.Artist);
            WriteOptional(json, CatalogFields.Album, song.Album);
            WriteOptional(json, CatalogFields.Year, song.Year);
            json.WriteString(CatalogFields.Language, song.Language);
            WriteList(json, CatalogFields.Genres, song.Genres);
            json.WriteNumber(CatalogFields.Valence, song.Valence);
            json.WriteNumber(CatalogFields.Energy, song.Energy);
            if (song.Tempo is { } tempo)
            {
                json.WriteNumber(CatalogFields.Tempo, tempo);
            }
            else
            {
                json.WriteNull(CatalogFields.Tempo);
            }

            WriteOptional(json, CatalogFields.Popularity, song.Popularity);
            WriteList(json, CatalogFields.Moods, song.Moods);
            WriteOptional(json, CatalogFields.YouTubeId, song.YouTubeId);
            json.WriteString(CatalogFields.Features, CatalogFields.FeaturesText(song.Features));
            json.WriteString(CatalogFields.Source, song.Source);
            WriteOptional(json, CatalogFields.VideoSearchedOn, song.VideoSearchedOn is { } searched ? CatalogFields.FormatDate(searched) : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static IEnumerable<CatalogRow> ReadRows(Stream stream, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        using var elements = new JsonArrayElements(stream);
        while (true)
        {
            var step = elements.Next();
            if (step.Problem is not null)
            {
                yield return new CatalogRow(step.Line, null, step.Problem);
                yield break;
            }

            if (step.Element is not { } element)
            {
                yield break;
            }

            var (song, problem) = element.ValueKind == JsonValueKind.Object
                ? FromElement(element, source, moodLookup)
                : (null, $"the array element is {element.ValueKind.ToString().ToLowerInvariant()}, not a song object");
            yield return new CatalogRow(step.Line, song, problem);
        }
    }

    private static (Song? Song, string? Problem) FromElement(JsonElement element, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            fields.TryAdd(property.Name, property.Value);
        }

        var problems = new List<string>();
        string? Text(string name)
        {
            if (!fields.TryGetValue(name, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Number:
                    return value.GetRawText();
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    return null;
                default:
                    // Reported once, below: Build asks for a field more than once.
                    return null;
            }
        }

        foreach (var name in CatalogFields.All)
        {
            if (name is not (CatalogFields.Genres or CatalogFields.Moods)
                && fields.TryGetValue(name, out var value)
                && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            {
                problems.Add($"{name} is {value.ValueKind.ToString().ToLowerInvariant()}, not a string or number");
            }
        }

        var genres = List(fields, CatalogFields.Genres, problems);
        var moods = List(fields, CatalogFields.Moods, problems);
        var (song, problem) = CatalogFields.Build(Text, genres, moods, source, moodLookup);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return problems.Count == 0 ? (song, null) : (null, string.Join("; ", problems));
    }

    // Arrays of words are the layout; a ';'-separated string, as in the CSV, is accepted too.
    private static List<string> List(Dictionary<string, JsonElement> fields, string name, List<string> problems)
    {
        if (!fields.TryGetValue(name, out var value))
        {
            return [];
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var words = new List<string?>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        problems.Add($"{name} holds a {item.ValueKind.ToString().ToLowerInvariant()}, not only strings");
                        return [];
                    }

                    words.Add(item.GetString());
                }

                return CatalogFields.NormalizeList(words);
            case JsonValueKind.String:
                return CatalogFields.SplitList(value.GetString());
            case JsonValueKind.Null:
                return [];
            default:
                problems.Add($"{name} is {value.ValueKind.ToString().ToLowerInvariant()}, not an array of strings");
                return [];
        }
    }

    private readonly record struct Step(long Line, JsonElement? Element, string? Problem);

    /// <summary>
    /// Walks the elements of the song array without holding the document: a buffer grows only to the largest element, and each
    /// element is parsed alone once all its bytes are in.
    /// </summary>
    private sealed class JsonArrayElements(Stream stream) : IDisposable
    {
        private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _start;
        private int _end;
        private bool _final;
        private bool _bomChecked;
        private long _line = 1;
        private JsonReaderState _state = new(Options);
        private Phase _phase = Phase.Root;

        private enum Phase
        {
            Root,
            WrapperProperty,
            WrapperValue,
            Elements,
            Done,
        }

        public Step Next()
        {
            try
            {
                while (_phase != Phase.Done)
                {
                    if (TryStep(out var step))
                    {
                        if (step is { } found)
                        {
                            return found;
                        }

                        continue;
                    }

                    if (_final)
                    {
                        _phase = Phase.Done;
                        return new Step(_line, null, "the JSON document ends too early");
                    }

                    Fill();
                }

                return default;
            }
            catch (JsonException e)
            {
                _phase = Phase.Done;
                // The reader's state counts lines from the start of the document, from 0.
                var line = e.LineNumber is { } zeroBased ? zeroBased + 1 : _line;
                return new Step(line, null, $"the JSON document is broken: {e.Message}");
            }
            catch (IOException e)
            {
                _phase = Phase.Done;
                return new Step(_line, null, $"the JSON document cannot be read: {e.Message}");
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        // One token's worth of progress. False: more bytes are needed (nothing was consumed). True with a step: an element or the end.
        private bool TryStep(out Step? step)
        {
            step = null;
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (!reader.Read())
            {
                if (!_final)
                {
                    return false;
                }

                step = _phase == Phase.Root
                    ? new Step(_line, null, "the JSON document is empty")
                    : new Step(_line, null, "the JSON document ends before the song array closes");
                _phase = Phase.Done;
                return true;
            }

            switch (_phase)
            {
                case Phase.Root when reader.TokenType == JsonTokenType.StartArray:
                    _phase = Phase.Elements;
                    break;
                case Phase.Root when reader.TokenType == JsonTokenType.StartObject:
                    _phase = Phase.WrapperProperty;
                    break;
                case Phase.Root:
                    _phase = Phase.Done;
                    step = new Step(_line, null, "the JSON document is neither an array of songs nor an object with a 'songs' array");
                    return true;
                case Phase.WrapperProperty when reader.TokenType == JsonTokenType.EndObject:
                    _phase = Phase.Done;
                    step = new Step(_line, null, "the JSON object has no 'songs' array");
                    return true;
                case Phase.WrapperProperty when reader.GetString() is { } name && name.Equals("songs", StringComparison.OrdinalIgnoreCase):
                    _phase = Phase.WrapperValue;
                    break;
                case Phase.WrapperProperty:
                    // Another property of the wrapper (a version, a description): skip its value whole.
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
                case Phase.WrapperValue when reader.TokenType == JsonTokenType.StartArray:
                    _phase = Phase.Elements;
                    break;
                case Phase.WrapperValue:
                    _phase = Phase.Done;
                    step = new Step(_line, null, "the JSON object's 'songs' property is not an array");
                    return true;
                case Phase.Elements when reader.TokenType == JsonTokenType.EndArray:
                    // What follows the array (the rest of a wrapper object) holds no songs.
                    _phase = Phase.Done;
                    step = default(Step);
                    return true;
                case Phase.Elements:
                    var line = _line + LineBreaks(0, (int)reader.TokenStartIndex);
                    var start = reader;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    step = new Step(line, JsonElement.ParseValue(ref start), null);
                    Commit(ref reader);
                    return true;
            }

            Commit(ref reader);
            return true;
        }

        private void Commit(ref Utf8JsonReader reader)
        {
            var consumed = (int)reader.BytesConsumed;
            _line += LineBreaks(0, consumed);
            _start += consumed;
            _state = reader.CurrentState;
        }

        private int LineBreaks(int from, int to) => _buffer.AsSpan(_start + from, to - from).Count((byte)'\n');

        private void Fill()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _final = true;
            }

            _end += read;
            if (!_bomChecked && (_end >= 3 || _final))
            {
                _bomChecked = true;
                if (_buffer.AsSpan(0, _end).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start = 3;
                }
            }
        }
    }
}
