using System.Globalization;
using CsvHelper;
using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Evaluation;

/// <summary>One image of a detection set: its file (relative to the set's folder), how many faces it holds and, when known, their boxes.</summary>
public sealed record TruthImage(string File, int Faces, IReadOnlyList<FaceBox>? Boxes);

/// <summary>A truth row that cannot be read; the message names the file and line.</summary>
public sealed class DetectionTruthException(string message) : Exception(message);

/// <summary>
/// The truth file of a detection set (docs/detection-evaluation.md): <c>truth.csv</c> with the header
/// <c>file,faces,boxes</c>, one image a line; <c>boxes</c> is empty or <c>faces</c> boxes "x y w h" in image pixels
/// joined by ';'. Lines starting with '#' and blank lines are skipped.
/// </summary>
public static class DetectionTruth
{
    public const string FileName = "truth.csv";

    private static readonly string[] Header = ["file", "faces", "boxes"];

    // The header is checked here rather than matched by name, so a wrong one is refused with what was expected.
    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',',
        HasHeader = false,
        CommentPrefix = '#',
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
    };

    /// <exception cref="FileNotFoundException">The folder has no truth file.</exception>
    /// <exception cref="DetectionTruthException">A row is malformed, or a file is listed twice.</exception>
    public static IReadOnlyList<TruthImage> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no truth file (expected '{FileName}' with the header '{string.Join(',', Header)}')", path);
        }

        return Parse(System.IO.File.ReadLines(path), path);
    }

    public static IReadOnlyList<TruthImage> Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);

        // Truth files are written by hand: a comment or a blank line may be indented.
        using var csv = CsvReader.FromText(string.Join('\n', lines.Select(line => line.Trim())), Options);
        if (!csv.Read())
        {
            throw Error(source, 1, "empty truth file: no header");
        }

        var header = csv.Current.ToArray();
        if (header.Length < 2 || !header.SequenceEqual(Header.Take(header.Length)))
        {
            throw Error(source, csv.LineNumber, $"expected the header '{string.Join(',', Header)}' (boxes optional), got '{csv.Current.ToString()}'");
        }

        var images = new List<TruthImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var image = ParseRow(csv.Current.ToArray(), source, csv.LineNumber);
            if (!seen.Add(image.File))
            {
                throw Error(source, csv.LineNumber, $"'{image.File}' is listed twice");
            }

            images.Add(image);
        }

        return images;
    }

    private static TruthImage ParseRow(string[] cells, string source, long number)
    {
        if (cells.Length is < 2 or > 3)
        {
            throw Error(source, number, $"expected 2 or 3 fields (file,faces,boxes), got {cells.Length}");
        }

        var file = cells[0].Trim();
        if (file.Length == 0 || Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
        {
            throw Error(source, number, $"'{file}' is not a file name inside the set's folder");
        }

        if (!int.TryParse(cells[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var faces))
        {
            throw Error(source, number, $"faces must be a whole number 0 or more, got '{cells[1].Trim()}'");
        }

        var boxesText = cells.Length == 3 ? cells[2].Trim() : "";
        if (boxesText.Length == 0)
        {
            return new TruthImage(file, faces, null);
        }

        var boxes = new List<FaceBox>();
        foreach (var part in boxesText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var numbers = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = new float[4];
            if (numbers.Length != 4 || !numbers.Select((n, i) => float.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok)
                || values[2] <= 0 || values[3] <= 0)
            {
                throw Error(source, number, $"a box is 'x y w h' with a positive width and height, got '{part}'");
            }

            boxes.Add(new FaceBox(values[0], values[1], values[2], values[3]));
        }

        if (boxes.Count != faces)
        {
            throw Error(source, number, $"{faces} face(s) but {boxes.Count} box(es)");
        }

        return new TruthImage(file, faces, boxes);
    }

    private static DetectionTruthException Error(string source, long line, string message) => new($"{source}:{line}: {message}");
}
