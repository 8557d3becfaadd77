using Moodtune.Vision.Evaluation;

namespace Moodtune.Cli.Reports;

/// <summary>What an evaluation report shows: the run, the data set it read, and the fitted temperature when asked for.</summary>
internal sealed record EvalReportContent(EvaluationResult Result, string Dataset, FittedTemperature? Calibrated)
{
    /// <summary>The data set's folder name, for titles.</summary>
    public string DatasetName => Path.GetFileName(Dataset.TrimEnd('/', '\\'));
}

internal enum EvalReportFormat
{
    Html,
    Png,
}

/// <summary>`eval --report FILE`: the report's format from the file's extension, and its bytes.</summary>
internal static class EvalReport
{
    /// <summary>What a report file can be, from its extension; null for anything else.</summary>
    public static EvalReportFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => EvalReportFormat.Html,
        ".png" => EvalReportFormat.Png,
        _ => null,
    };

    /// <summary>The report for a file that passed <see cref="PathProblem"/>.</summary>
    public static byte[] Render(EvalReportContent content, string path) =>
        FormatOf(path) == EvalReportFormat.Png ? EvalPngReport.Render(content) : EvalHtmlReport.Render(content);

    /// <summary>Why a report could not be written there, checked before minutes of evaluation; null when it looks writable.</summary>
    public static string? PathProblem(FileInfo report)
    {
        if (FormatOf(report.FullName) is null)
        {
            return $"unknown report format '{report.Extension}': use a .html or .png file";
        }

        if (Directory.Exists(report.FullName))
        {
            return "is a folder; name a .html or .png file";
        }

        if (report.Directory is not { Exists: true } folder)
        {
            return $"folder not found: {report.DirectoryName}";
        }

        try
        {
            // A file created and deleted at once: an unwritable folder fails now, not after the evaluation.
            using var probe = new FileStream(
                Path.Combine(folder.FullName, $".{report.Name}.{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in {folder.FullName}: {e.Message}";
        }
    }
}
