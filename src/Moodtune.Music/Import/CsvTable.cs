using System.Text;

namespace Moodtune.Music.Import;

/// <summary>
/// A CSV file (RFC 4180) read one record at a time, with its header: columns by name, physical line numbers, and a problem
/// for a record whose quoting is broken or whose field count differs from the header's. Quoted fields may hold commas,
/// doubled quotes and line breaks; a BOM, CRLF or CR line ends and blank lines are accepted.
/// </summary>
/// <remarks>Hand-written rather than CsvHelper 34's byte-level reader: the importer reads text in more than one encoding
/// and wants a malformed record reported with its line, not thrown.</remarks>
internal sealed class CsvTable
{
    private readonly TextReader _reader;
    private readonly string _layout;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private bool _badData;
    private long _nextLine = 1;
    private string[] _header = [];

    /// <param name="reader">The text, left open.</param>
    /// <param name="layout">The layout's name, for error messages.</param>
    public CsvTable(TextReader reader, string layout)
    {
        _reader = reader;
        _layout = layout;
    }

    /// <summary>Header names, trimmed, lower case, BOM removed.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The physical line the current record starts on (the header is line 1).</summary>
    public long Line { get; private set; }

    /// <summary>Why the current record cannot be trusted (broken quoting, wrong field count), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Reads the header row; false for an empty file.</summary>
    public bool ReadHeader()
    {
        if (!Next())
        {
            return false;
        }

        _header = [.. _fields.Select(NormalizeName)];
        return true;
    }

    /// <summary>
    /// The index of each named column (a name may list aliases: "song|title"), or a clear error naming every missing
    /// column and the header that was found.
    /// </summary>
    /// <exception cref="InvalidDataException">A required column is missing.</exception>
    public int[] Require(params string[] names)
    {
        var indexes = new int[names.Length];
        var missing = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            indexes[i] = Optional(names[i]);
            if (indexes[i] < 0)
            {
                missing.Add($"'{names[i].Replace("|", "' or '", StringComparison.Ordinal)}'");
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{_layout}: missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; the header has: {string.Join(", ", Header.Select(h => h.Length == 0 ? "(unnamed)" : h))}.");
        }

        return indexes;
    }

    /// <summary>The index of a column (or of the first alias present), or -1.</summary>
    public int Optional(string names)
    {
        foreach (var name in names.Split('|'))
        {
            var index = Array.IndexOf(_header, NormalizeName(name));
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    public bool Read()
    {
        if (!Next())
        {
            return false;
        }

        var count = _fields.Count;
        Problem = _badData ? "broken quoting"
            : count != Header.Count ? $"{count} fields where the header has {Header.Count}"
            : null;
        return true;
    }

    /// <summary>A field, trimmed; empty when the record is too short.</summary>
    public string this[int index]
    {
        get
        {
            return index >= 0 && index < _fields.Count ? _fields[index].Trim() : "";
        }
    }

    private bool Next()
    {
        do
        {
            if (_reader.Peek() < 0)
            {
                return false;
            }

            Line = _nextLine;
            ReadRecord();
        }
        while (_fields is [""] && !_badData);

        return true;
    }

    private void ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        _badData = false;
        var quoted = false;
        var afterQuote = false;
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                // End of input inside quotes: the quote was never closed.
                _badData |= quoted;
                EndField();
                return;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    _field.Append((char)c);
                    if (c == '\n' || (c == '\r' && _reader.Peek() != '\n'))
                    {
                        _nextLine++;
                    }
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    afterQuote = false;
                    break;
                case '\r' or '\n':
                    CountLine(c);
                    EndField();
                    return;
                case '"' when _field.Length == 0 && !afterQuote:
                    quoted = true;
                    break;
                default:
                    // Text after a closing quote, or a quote inside an unquoted field, breaks RFC 4180; keep the text, flag the record.
                    _badData |= c == '"' || (afterQuote && !char.IsWhiteSpace((char)c));
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private void CountLine(int c)
    {
        if (c == '\r' && _reader.Peek() == '\n')
        {
            _reader.Read();
            _nextLine++;
        }
        else if (c is '\r' or '\n')
        {
            _nextLine++;
        }
    }

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
    }

    private static string NormalizeName(string name) => name.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant();
}
