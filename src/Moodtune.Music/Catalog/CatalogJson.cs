using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>
/// Reads and writes the generic catalog as JSON (docs/catalog-format.md): a top-level array of song objects, or an object
/// whose <c>songs</c> property holds that array, with the CSV layout's snake_case field names and genres and moods as arrays.
/// </summary>
public static class CatalogJson
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Streams the songs of a generic catalog JSON document, one <see cref="CatalogRow"/> per array element (its
    /// <see cref="CatalogRow.Line"/> is the element's number in the song array, from 1): a song, or the problem that kept the
    /// element out. A document that cannot be parsed gives one problem row, naming the line and byte of the failure, and ends;
    /// the elements before it have already been returned. Never throws on bad data.
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
        JsonSerializer.Serialize(stream, songs.Select(CatalogJsonSong.From), CatalogFileJsonContext.Default.IEnumerableCatalogJsonSong);
    }

    private static IEnumerable<CatalogRow> ReadRows(Stream stream, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        var songs = new SongCollector(source, moodLookup);
        var options = new JsonSerializerOptions(CatalogFileJsonContext.Default.Options) { Converters = { songs } };
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            using var steps = Steps(pipe, options).GetEnumerator();
            while (true)
            {
                var more = false;
                string? failure = null;
                try
                {
                    more = steps.MoveNext();
                }
                catch (JsonException e)
                {
                    failure = Broken(e);
                }
                catch (IOException e)
                {
                    failure = $"the JSON document cannot be read: {e.Message}";
                }

                while (songs.Rows.TryDequeue(out var row))
                {
                    yield return row;
                }

                if (failure is not null)
                {
                    yield return new CatalogRow(songs.Count + 1, null, failure);
                    yield break;
                }

                if (!more)
                {
                    yield break;
                }
            }
        }
        finally
        {
            pipe.Complete();
        }
    }

    private static CatalogRow ToRow(long number, JsonElement element, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        var (song, problem) = element.ValueKind == JsonValueKind.Object
            ? FromElement(element, source, moodLookup)
            : (null, $"the array element is {WireName.Of(element.ValueKind)}, not a song object");
        return new CatalogRow(number, song, problem);
    }

    /// <summary>
    /// Moves the serializer through the document, a buffer at a time: each step leaves the rows of the elements it completed
    /// with the <see cref="SongCollector"/>. A top-level array streams a buffer at a time; the songs of a wrapper object come
    /// when the object ends (their JSON is not kept, only their rows).
    /// </summary>
    /// <exception cref="JsonException">The document is broken, empty, or of neither shape.</exception>
    private static IEnumerable<bool> Steps(PipeReader pipe, JsonSerializerOptions options)
    {
        switch (FirstToken(pipe))
        {
            case JsonTokenType.StartArray:
                var elements = (JsonTypeInfo<JsonElement>)options.GetTypeInfo(typeof(JsonElement));
                foreach (var unused in JsonSerializer.DeserializeAsyncEnumerable(pipe, elements).ToBlockingEnumerable())
                {
                    yield return true;
                }

                break;
            case JsonTokenType.StartObject:
                var wrapper = (JsonTypeInfo<CatalogJsonWrapper>)options.GetTypeInfo(typeof(CatalogJsonWrapper));

                // Readers of catalogs are synchronous (rows are pulled one at a time); the wait is on the file's own reads.
                if (JsonSerializer.DeserializeAsync(pipe, wrapper).AsTask().GetAwaiter().GetResult()?.Songs is null)
                {
                    throw new JsonException("the JSON object has no 'songs' array");
                }

                break;
            case JsonTokenType.None:
                throw new JsonException("the JSON document is empty");
            default:
                throw new JsonException("the JSON document is neither an array of songs nor an object with a 'songs' array");
        }
    }

    /// <summary>The document's first token, read without consuming it (a byte-order mark is consumed); None for an empty document.</summary>
    private static JsonTokenType FirstToken(PipeReader pipe)
    {
        var options = CatalogFileJsonContext.Default.Options;
        var readerOptions = new JsonReaderOptions { CommentHandling = options.ReadCommentHandling, AllowTrailingCommas = options.AllowTrailingCommas };
        var atStart = true;
        while (true)
        {
            var read = pipe.ReadAsync().AsTask().GetAwaiter().GetResult();
            var buffer = read.Buffer;
            if (atStart && buffer.Length < ByteOrderMark.Length && !read.IsCompleted)
            {
                pipe.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (atStart && new SequenceReader<byte>(buffer).IsNext(ByteOrderMark))
            {
                atStart = false;
                pipe.AdvanceTo(buffer.GetPosition(ByteOrderMark.Length));
                continue;
            }

            atStart = false;

            if (read.IsCompleted && IsBlank(buffer))
            {
                pipe.AdvanceTo(buffer.End);
                return JsonTokenType.None;
            }

            var reader = new Utf8JsonReader(buffer, read.IsCompleted, new JsonReaderState(readerOptions));
            var found = false;
            try
            {
                found = reader.Read() || read.IsCompleted;
            }
            finally
            {
                // Nothing is consumed: the serializer reads the document from its start.
                pipe.AdvanceTo(buffer.Start, found ? buffer.Start : buffer.End);
            }

            if (found)
            {
                return reader.TokenType;
            }
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    // The serializer's positions count from 0; people count lines and bytes from 1.
    private static string Broken(JsonException e) => e.LineNumber is { } line
        ? $"the JSON document is broken at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {WithoutPosition(e.Message)}"
        : e.Message;

    private static string WithoutPosition(string message) =>
        message.IndexOf(" | LineNumber:", StringComparison.Ordinal) is var at and >= 0 ? message[..at] + "." : message;

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
                problems.Add($"{name} is {WireName.Of(value.ValueKind)}, not a string or number");
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
                        problems.Add($"{name} holds a {WireName.Of(item.ValueKind)}, not only strings");
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
                problems.Add($"{name} is {WireName.Of(value.ValueKind)}, not an array of strings");
                return [];
        }
    }

    /// <summary>
    /// Turns each element of the song array into its row as the serializer completes it. The serializer hands a buffer's
    /// elements over only once the whole buffer parsed (a wrapper's only with the whole object), so the rows wait here: a syntax
    /// error loses none of the good elements before it, and no element's JSON outlives its row.
    /// </summary>
    private sealed class SongCollector(string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup) : JsonConverter<JsonElement>
    {
        public Queue<CatalogRow> Rows { get; } = new();

        /// <summary>The elements read so far; a row's <see cref="CatalogRow.Line"/> is its element's number.</summary>
        public long Count { get; private set; }

        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var element = JsonDocument.ParseValue(ref reader);
            Rows.Enqueue(ToRow(++Count, element.RootElement, source, moodLookup));
            return default;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
    }
}

/// <summary>A wrapper document: <c>{"version": 1, "songs": [...]}</c>; its other properties are ignored.</summary>
internal sealed class CatalogJsonWrapper
{
    public List<JsonElement>? Songs { get; set; }
}

/// <summary>One song as the JSON layout writes it: every field, in the CSV layout's order, absent ones as null.</summary>
internal sealed record CatalogJsonSong(
    string Id,
    string Title,
    string Artist,
    string? Album,
    int? Year,
    string Language,
    IReadOnlyList<string> Genres,
    float Valence,
    float Energy,
    float? Tempo,
    int? Popularity,
    IReadOnlyList<string> Moods,
    [property: JsonPropertyName(CatalogFields.YouTubeId)] string? YouTubeId,
    string Features,
    string Source,
    string? VideoSearchedOn)
{
    public static CatalogJsonSong From(Song song) => new(
        song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, song.Genres, song.Valence, song.Energy, song.Tempo,
        song.Popularity, song.Moods, song.YouTubeId, CatalogFields.FeaturesText(song.Features), song.Source,
        song.VideoSearchedOn is { } searched ? CatalogFields.FormatDate(searched) : null);
}

// Field names are the CSV layout's, matched in any case; comments and trailing commas are accepted, as hand-edited files have them.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(CatalogJsonWrapper))]
[JsonSerializable(typeof(IEnumerable<CatalogJsonSong>))]
internal sealed partial class CatalogFileJsonContext : JsonSerializerContext;
