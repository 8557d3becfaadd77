using System.Net;
using Microsoft.Extensions.Options;
using Moodtune.Music.Recommendation;
using Moodtune.Storage;
using Moodtune.Vision;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Moodtune.Web;

/// <summary>
/// Metrics and traces through OpenTelemetry (issue 20): ASP.NET Core, HttpClient and runtime instrumentation plus the
/// engines' own meters and activity sources (moodtune_* series). GET /metrics serves them as Prometheus text to the
/// networks of Moodtune:MetricsFrom only; traces go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT names one.
/// </summary>
internal static class TelemetryEndpoints
{
    public const string MetricsPath = "/metrics";

    // Our durations run from a millisecond (a tracked frame, a database read) to seconds (a busy server), where
    // OpenTelemetry's default buckets are made for milliseconds.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("moodtune"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(VisionTelemetry.Name, MusicTelemetry.Name, StorageMetrics.Name)
                .AddView(i => i.Meter.Name.StartsWith("Moodtune.", StringComparison.Ordinal) && i.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets }
                    : null)
                .AddPrometheusExporter());

        // The SDK reads the endpoint and the rest of OTEL_EXPORTER_OTLP_* itself. Without one, traces go nowhere, so none
        // are made: a recorded activity per camera frame and request would cost CPU for nobody.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry
                .WithTracing(tracing => tracing
                    // Scrapes and health probes every few seconds would drown the requests worth tracing.
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource(VisionTelemetry.Name, MusicTelemetry.Name))
                .UseOtlpExporter();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: b => b.UseMiddleware<MetricsGate>(), optionsName: null);
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments(HealthEndpoints.LivePath) || path.StartsWithSegments(HealthEndpoints.ReadyPath);
}

/// <summary>
/// /metrics tells request rates, timings and the catalog's workings to whoever reads it: only clients in
/// Moodtune:MetricsFrom (by default loopback and the private networks, where a scraper on the same host, LAN or compose
/// network sits) are served; anyone else, including an internet client a trusted proxy names in X-Forwarded-For, gets 403.
/// A request without a client address (a Unix socket) is refused too: who sent it cannot be told.
/// </summary>
internal sealed class MetricsGate(RequestDelegate next, IOptions<WebOptions> options, IProblemDetailsService problems)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.Value.MetricsFrom is [_, ..] from ? Networks.Parse(from) : Networks.LoopbackAndPrivate;

    public async Task InvokeAsync(HttpContext context)
    {
        if (Networks.Contain(_allowed, context.Connection.RemoteIpAddress))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "forbidden",
                Detail = "Metrics are served to the networks of Moodtune:MetricsFrom only (by default loopback and private networks).",
            },
        });
    }
}
