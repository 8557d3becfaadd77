using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

/// <summary>What the server does with the camera's smoothed mood: when it is sure, what it stores, when it re-plans, what it recommends.</summary>
public sealed class CameraMoodTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static readonly EmotionProbabilities Happy = Camera.Mix((Emotion.Happy, 0.9f), (Emotion.Neutral, 0.1f));

    private static readonly EmotionProbabilities Sad = Camera.Mix((Emotion.Sad, 0.9f), (Emotion.Neutral, 0.1f));

    [Fact]
    public async Task Below_the_confidence_threshold_nothing_is_stored_or_planned_and_the_first_sure_mood_is_both()
    {
        var cancel = TestContext.Current.CancellationToken;
        var readings = app.Services.GetRequiredService<ReadingStore>();
        var before = (await readings.ListAsync(MoodtuneDatabase.LocalListener, cancellationToken: cancel)).Count;
        var time = new ManualTime(Start);
        var session = Camera.Session(app, time);
        // A cat's face: the detector boxes it, the expression model spreads its bets (happy on top at 0.28).
        var unsure = Camera.Mix((Emotion.Happy, 0.28f), (Emotion.Neutral, 0.24f), (Emotion.Surprise, 0.2f), (Emotion.Fear, 0.14f), (Emotion.Sad, 0.14f));

        for (var i = 0; i < 30; i++)
        {
            time.Now = Start.AddSeconds(i);
            var (mood, replan) = await session.ObserveAsync(unsure, cancel);
            Assert.False(mood.Sure);
            Assert.Equal(0.28f, mood.Confidence, 3);
            Assert.Null(replan);
        }

        Assert.Null(session.Planned);
        Assert.Equal(before, (await readings.ListAsync(MoodtuneDatabase.LocalListener, cancellationToken: cancel)).Count);

        time.Now = Start.AddSeconds(30.5);
        var (sure, first) = await session.ObserveAsync(Happy, cancel);

        Assert.True(sure.Sure);
        Assert.Equal(("first", Emotion.Happy), (first?.Reason, first?.Mood.Emotion));
        var after = await readings.ListAsync(MoodtuneDatabase.LocalListener, cancellationToken: cancel);
        Assert.Equal(before + 1, after.Count);
        var stored = after.MaxBy(r => r.Id)!;
        Assert.Equal((Emotion.Happy, ReadingSource.Camera), (stored.Emotion, stored.Source));
        Assert.True(stored.Confidence >= 0.4f);
    }

    [Fact]
    public async Task The_playlist_is_replanned_only_on_a_lasting_change_and_at_most_once_per_interval()
    {
        var time = new ManualTime(Start);
        var session = Camera.Session(app, time);
        var replans = new List<(double Seconds, string Reason, Emotion Emotion)>();

        async Task FramesAsync(EmotionProbabilities reading, double from, double to, double step)
        {
            for (var t = from; t < to - 1e-9; t = Math.Round(t + step, 3))
            {
                time.Now = Start.AddSeconds(t);
                if ((await session.ObserveAsync(reading, TestContext.Current.CancellationToken)).Replan is { } replan)
                {
                    replans.Add((t, replan.Reason, replan.Mood.Emotion));
                }
            }
        }

        await FramesAsync(Happy, 0, 6, 0.2);
        await FramesAsync(Sad, 6, 6.6, 0.2);     // a blip shorter than Smoothing:SwitchHold: no lasting change
        await FramesAsync(Happy, 6.6, 10, 0.2);
        await FramesAsync(Sad, 10, 25, 0.2);     // lasting from about 11 s, re-planned once 20 s have passed since the first plan
        await FramesAsync(Happy, 25, 50, 0.2);   // lasting from about 26 s, re-planned 20 s after the last plan

        Assert.Equal([(0, "first", Emotion.Happy), (20, "mood", Emotion.Sad), (40, "mood", Emotion.Happy)], replans);
    }

    [Fact]
    public async Task Two_mixes_with_the_same_top_emotion_get_different_playlists_and_a_picked_mood_still_works()
    {
        var client = app.CreateClient();
        var clearly = await PlannedSessionAsync(Camera.Mix((Emotion.Sad, 0.9f), (Emotion.Neutral, 0.1f)));
        var barely = await PlannedSessionAsync(Camera.Mix((Emotion.Sad, 0.55f), (Emotion.Neutral, 0.45f)));
        const string Query = "strategy=match&count=15&seed=11";
        var clearlySad = await client.GetJsonAsync($"/api/recommendations?camera={clearly.PlanValue}&{Query}");
        var barelySad = await client.GetJsonAsync($"/api/recommendations?camera={barely.PlanValue}&{Query}");

        Assert.Equal(("sad", "sad"), (clearlySad.GetProperty("emotion").GetString(), barelySad.GetProperty("emotion").GetString()));
        Assert.Equal(0.9f, clearlySad.GetProperty("mood").GetProperty("confidence").GetSingle(), 3);
        Assert.Equal(0.55f, barelySad.GetProperty("mood").GetProperty("confidence").GetSingle(), 3);
        // Nearly half neutral sits nearer the centre: brighter songs than a clearly sad face gets, and mostly other ones.
        // (Mean energy no longer tells the two apart: the lists also answer to dominance, to gradual energy steps and to
        // rotation among near-equivalent songs, which together move it by less than 0.01 here.)
        Assert.True(Mean(barelySad, "valence") - Mean(clearlySad, "valence") > 0.04, $"valence {Mean(clearlySad, "valence")} vs {Mean(barelySad, "valence")}");
        var shared = Ids(clearlySad).Intersect(Ids(barelySad)).Count();
        Assert.True(shared <= 10, $"{shared} of 15 songs in both lists");

        var picked = await client.GetJsonAsync($"/api/recommendations?emotion=sad&{Query}");
        Assert.Equal("sad", picked.GetProperty("emotion").GetString());
        Assert.Equal(1f, picked.GetProperty("mood").GetProperty("confidence").GetSingle());
        Assert.Equal(Circumplex.Of(Emotion.Sad).Valence, picked.GetProperty("mood").GetProperty("valence").GetSingle(), 3);
        Assert.Equal(15, picked.GetProperty("songs").GetArrayLength());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetUrlAsync($"/api/recommendations?emotion=sad&camera={clearly.PlanValue}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetUrlAsync("/api/recommendations?camera=nosuchstream")).StatusCode);
    }

    private async Task<FrameSession> PlannedSessionAsync(EmotionProbabilities reading)
    {
        var session = Camera.Session(app, new ManualTime(Start));
        Assert.NotNull((await session.ObserveAsync(reading, TestContext.Current.CancellationToken)).Replan);
        return session;
    }

    private static IEnumerable<string> Ids(System.Text.Json.JsonElement playlist) =>
        playlist.GetProperty("songs").EnumerateArray().Select(song => song.GetProperty("id").GetString()!);

    private static double Mean(JsonElement playlist, string feature) =>
        playlist.GetProperty("songs").EnumerateArray().Average(s => s.GetProperty(feature).GetDouble());
}
