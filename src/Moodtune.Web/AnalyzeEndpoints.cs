using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Moodtune.Mood;
using Moodtune.Storage;
using Moodtune.Vision;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Serialization;

namespace Moodtune.Web;

/// <summary>The primary face's mood; <c>Sure</c> says whether its confidence reaches Moodtune:MinConfidence.</summary>
internal sealed record AnalyzedMood(Emotion Emotion, float Valence, float Arousal, float Confidence, bool Sure);

internal sealed record AnalyzeResponse(int Width, int Height, IReadOnlyList<FaceDocument> Faces, int? Primary, AnalyzedMood? Mood);

/// <summary>POST /api/analyze: the faces and expressions of one photo; the primary face's mood, when sure, is stored as a `photo` reading.</summary>
internal static class AnalyzeEndpoints
{
    public static IServiceCollection AddAnalyze(this IServiceCollection services)
    {
        services.AddOptions<VisionOptions>().BindConfiguration(VisionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VisionOptions>, VisionOptionsValidation>();

        // One analyzer for the process: loading the ONNX sessions is expensive, and Analyze is thread-safe.
        services.AddSingleton<VisionEngine>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnalyze(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/analyze", AnalyzeAsync)
            .RequireAuthorization(Listener.ListenerPolicy)
            .RequireRateLimiting(AccountEndpoints.AnalysisLimit)
            .WithTags("Analyze")
            .WithSummary("Faces and expressions of a photo")
            .WithDescription("A multipart form field `image`, or a raw image/* body. The primary face's mood is stored as a `photo` reading when it is sure (Moodtune:MinConfidence), unless ?record=false.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Described here rather than with Accepts(), whose content-type check would answer 415 where the contract says 400.
                operation.RequestBody = UploadBody("image", "image/jpeg", "image/png", "image/webp", "image/bmp", "image/gif");
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<Ok<AnalyzeResponse>, ProblemHttpResult>> AnalyzeAsync(
        HttpRequest request, VisionEngine vision, ReadingStore readings, TimeProvider time, IOptions<WebOptions> options, AnalysisSlots slots,
        ILoggerFactory logs, CancellationToken cancellationToken, bool record = true)
    {
        if (!vision.TryGet(out var analyzer, out var failure))
        {
            return Problems.Unavailable(failure);
        }

        var (upload, problem) = await Uploads.ReadAsync(request, "image", options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // A photo waits its turn longer than a camera frame: no newer one is coming.
        using var slot = await slots.TakeAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (slot is null)
        {
            return Problems.Unavailable("The server is busy analysing other images; try again in a moment.");
        }

        FaceAnalysis analysis;
        try
        {
            using var image = ImageDecoder.Decode(upload!.Bytes, analyzer.Options.Limits);
            analysis = analyzer.Analyze(image);
        }
        catch (ImageDecodeException e)
        {
            return ImageProblem(e, upload!.Bytes.Length, analyzer.Options.Limits);
        }

        AnalyzedMood? mood = null;
        if (analysis.PrimaryFace is { } face)
        {
            var reading = MoodReading.FromProbabilities(face.Emotions, ReadingSource.Photo, time.GetUtcNow());
            var sure = reading.Confidence >= options.Value.MinConfidence;
            mood = new AnalyzedMood(reading.Emotion, reading.Point.Valence, reading.Point.Arousal, reading.Confidence, sure);
            if (record && sure)
            {
                // The photo was analysed: its answer is worth more than the history's line, which is lost.
                await readings.TryAddAsync(Listener.Of(request.HttpContext.User), reading, logs.CreateLogger(typeof(AnalyzeEndpoints).FullName!), cancellationToken);
            }
        }

        var document = FaceAnalysisDocument.From(analysis);
        return TypedResults.Ok(new AnalyzeResponse(document.Width, document.Height, document.Faces, analysis.PrimaryIndex, mood));
    }

    /// <summary>An OpenAPI request body: a multipart form with one file field, or the file as the raw body.</summary>
    internal static OpenApiRequestBody UploadBody(string field, params string[] rawTypes)
    {
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { field },
                    Properties = new Dictionary<string, IOpenApiSchema> { [field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            },
        };
        foreach (var type in rawTypes)
        {
            content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        return new OpenApiRequestBody { Required = true, Content = content };
    }

    /// <summary>400 for what is not a whole image, 413 for too many bytes, 422 for too many pixels.</summary>
    internal static ProblemHttpResult ImageProblem(ImageDecodeException e, long bytes, ImageLimits limits) => e.Problem switch
    {
        Vision.Imaging.ImageProblem.TooLarge when bytes > limits.MaxEncodedBytes => Problems.TooLarge(e.Message),
        Vision.Imaging.ImageProblem.TooLarge => Problems.TooManyPixels(e.Message),
        Vision.Imaging.ImageProblem.Empty => Problems.BadRequest(e.Message, "empty image"),
        Vision.Imaging.ImageProblem.UnsupportedFormat => Problems.BadRequest(e.Message, "not an image"),
        _ => Problems.BadRequest(e.Message, "corrupt image"),
    };
}

/// <summary>The engine's own rules (<see cref="VisionOptions.Problems"/>), checked when the app starts.</summary>
internal sealed class VisionOptionsValidation : IValidateOptions<VisionOptions>
{
    public ValidateOptionsResult Validate(string? name, VisionOptions options) =>
        options.Problems() is [_, ..] problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
