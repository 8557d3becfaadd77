using Dapper;
using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Storage.Tests;

public sealed class StoreTests
{
    private static readonly DateTimeOffset T0 = TempDatabase.Start;

    [Fact]
    public async Task Readings_round_trip_with_their_probabilities_point_and_source_oldest_first()
    {
        await using var db = await TempDatabase.CreateAsync();
        var probabilities = EmotionProbabilities.FromScores([0.05f, 0, 0.05f, 0.6f, 0.1f, 0.1f, 0.1f]);
        var photo = await db.Readings.AddAsync(1, MoodReading.FromProbabilities(probabilities, ReadingSource.Photo, T0.AddMinutes(5)), TestContext.Current.CancellationToken);
        var picked = await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Sad, ReadingSource.Picker, T0), TestContext.Current.CancellationToken);

        var all = await db.Readings.ListAsync(1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([Key(picked), Key(photo)], all.Select(Key));
        Assert.Equal(Emotion.Happy, all[1].Emotion);
        Assert.Equal(probabilities.ToArray(), all[1].Probabilities.ToArray());
        Assert.Equal(Circumplex.Locate(probabilities).Point, all[1].Point);
        Assert.Equal(Key(photo), Key((await db.Readings.LatestAsync(1, TestContext.Current.CancellationToken))!));
        Assert.Equal([photo.Id], (await db.Readings.ListAsync(1, from: T0.AddMinutes(1), cancellationToken: TestContext.Current.CancellationToken)).Select(r => r.Id));
        Assert.Equal([picked.Id], (await db.Readings.ListAsync(1, to: T0.AddMinutes(5), cancellationToken: TestContext.Current.CancellationToken)).Select(r => r.Id));
        Assert.Equal([photo.Id], (await db.Readings.ListAsync(1, limit: 1, cancellationToken: TestContext.Current.CancellationToken)).Select(r => r.Id));
    }

    internal static string Key(MoodReading r) => $"{r.Id} {r.Time:O} {r.Emotion} {r.Point} {r.Source} {r.Probabilities}";

    [Fact]
    public async Task Plays_and_feedback_round_trip_with_one_word_per_song()
    {
        await using var db = await TempDatabase.CreateAsync();
        var played = await db.Plays.AddAsync(1, new PlayRecord(T0, "a--song", PlayEvent.Error, 150), TestContext.Current.CancellationToken);

        await db.Feedback.SetAsync(1, "a--song", SongFeedback.Like, TestContext.Current.CancellationToken);
        db.Time.Now = T0.AddHours(1);
        await db.Feedback.SetAsync(1, "a--song", SongFeedback.Dislike, TestContext.Current.CancellationToken);
        await db.Feedback.SetAsync(1, "b--song", SongFeedback.Like, TestContext.Current.CancellationToken);
        await db.Feedback.SetAsync(1, "b--song", null, TestContext.Current.CancellationToken);

        Assert.Equal([played], await db.Plays.ListAsync(1, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(150, played.ErrorCode);
        Assert.Equal([new FeedbackRecord("a--song", SongFeedback.Dislike, T0.AddHours(1))], await db.Feedback.ListAsync(1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_recommender_history_has_recent_plays_likes_dislikes_unplayable_skips_and_liked_artists()
    {
        Song[] songs = [.. "abcdefg".Select(c => TempDatabase.Song($"Artist {c}", $"Song {c}"))];
        await using var db = await TempDatabase.CreateAsync(songs);
        string Id(char c) => songs["abcdefg".IndexOf(c, StringComparison.Ordinal)].Id;
        var ct = TestContext.Current.CancellationToken;
        await db.Plays.AddAsync(1, new PlayRecord(T0, Id('a'), PlayEvent.Started), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(1), Id('b'), PlayEvent.Completed), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(2), Id('c'), PlayEvent.Skipped), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(3), Id('a'), PlayEvent.Completed), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(4), Id('c'), PlayEvent.Skipped), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(5), Id('d'), PlayEvent.Error, 101), ct);
        await db.Database.RunAsync(c => c.ExecuteAsync("INSERT INTO listeners (id, name, created) VALUES (2, 'other', '2026-11-23T00:00:00.000Z');"), ct);
        await db.Feedback.SetAsync(1, Id('e'), SongFeedback.Like, ct);
        await db.Feedback.SetAsync(1, Id('f'), SongFeedback.Dislike, ct);
        await db.Plays.AddAsync(2, new PlayRecord(T0, Id('g'), PlayEvent.Started), ct); // another listener's

        var history = await db.History.ForRecommenderAsync(1, ct);

        Assert.Equal([Id('c'), Id('a'), Id('b')], history.RecentlyPlayed);
        Assert.Equal([Id('e')], history.Liked);
        Assert.Equal(new HashSet<string> { Id('f'), Id('d') }, history.Disliked.ToHashSet());
        Assert.Equal(new Dictionary<string, int> { [Id('c')] = 2 }, history.Skips);
        Assert.Equal(["Artist e"], history.LikedArtists);
    }

    [Fact]
    public async Task Forgetting_a_songs_video_errors_offers_it_again_to_every_listener_and_keeps_its_other_plays()
    {
        Song[] songs = [TempDatabase.Song("Artist a", "Song a"), TempDatabase.Song("Artist b", "Song b")];
        await using var db = await TempDatabase.CreateAsync(songs);
        var ct = TestContext.Current.CancellationToken;
        await db.Database.RunAsync(c => c.ExecuteAsync("INSERT INTO listeners (id, name, created) VALUES (2, 'other', '2026-11-23T00:00:00.000Z');"), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0, songs[0].Id, PlayEvent.Started), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(1), songs[0].Id, PlayEvent.Error, 150), ct);
        await db.Plays.AddAsync(2, new PlayRecord(T0.AddMinutes(2), songs[0].Id, PlayEvent.Error, 101), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(3), songs[1].Id, PlayEvent.Error, 150), ct);

        var forgotten = await db.Plays.ForgetVideoErrorsAsync(songs[0].Id, ct);

        Assert.Equal(2, forgotten);
        Assert.Equal([songs[1].Id], (await db.History.ForRecommenderAsync(1, ct)).Disliked);
        Assert.Empty((await db.History.ForRecommenderAsync(2, ct)).Disliked);
        Assert.Equal([PlayEvent.Started, PlayEvent.Error], (await db.Plays.ListAsync(1, cancellationToken: ct)).Select(p => p.Event));
    }

    [Fact]
    public async Task History_counts_readings_per_day_and_week_and_measures_the_swings()
    {
        await using var db = await TempDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        // Monday: happy, sad, happy within an hour; the next Monday (ISO week 49): neutral.
        await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Happy, ReadingSource.Camera, T0), ct);
        await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Sad, ReadingSource.Camera, T0.AddMinutes(20)), ct);
        await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Happy, ReadingSource.Camera, T0.AddMinutes(40)), ct);
        await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Neutral, ReadingSource.Picker, T0.AddDays(7)), ct);

        var week = await db.History.SummariseAsync(1, T0, T0.AddHours(1), cancellationToken: ct);
        var all = await db.History.SummariseAsync(1, cancellationToken: ct);

        var day = Assert.Single(week.PerDay);
        Assert.Equal("2026-11-23", day.Period);
        Assert.Equal(2, day.Counts[Emotion.Happy]);
        Assert.Equal(1, day.Counts[Emotion.Sad]);
        Assert.Equal(0, day.Counts[Emotion.Angry]);
        Assert.Equal(2, week.Swings.Changes);
        Assert.Equal(2 / (40 / 60.0), week.Swings.ChangesPerHour, 6);
        Assert.Equal(Circumplex.Of(Emotion.Happy).DistanceTo(Circumplex.Of(Emotion.Sad)), week.Swings.MeanShift, 5);
        Assert.Equal(week.Swings.ChangesPerHour * week.Swings.MeanShift, week.Swings.Index, 6);
        Assert.Equal(["2026-W48", "2026-W49"], all.PerWeek.Select(w => w.Period));
        Assert.Equal([3, 1], all.PerWeek.Select(w => w.Total));
        Assert.Equal(["2026-11-23", "2026-11-30"], all.PerDay.Select(d => d.Period));
    }

    [Fact]
    public async Task The_history_summary_lists_plays_likes_dislikes_and_skips_with_their_songs()
    {
        Song[] songs = [TempDatabase.Song("A", "One"), TempDatabase.Song("B", "Two"), TempDatabase.Song("C", "Three")];
        await using var db = await TempDatabase.CreateAsync(songs);
        var ct = TestContext.Current.CancellationToken;
        await db.Plays.AddAsync(1, new PlayRecord(T0, songs[0].Id, PlayEvent.Skipped), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(1), songs[0].Id, PlayEvent.Skipped), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0.AddMinutes(2), "gone--song", PlayEvent.Completed), ct);
        await db.Feedback.SetAsync(1, songs[1].Id, SongFeedback.Like, ct);
        await db.Feedback.SetAsync(1, songs[2].Id, SongFeedback.Dislike, ct);

        var summary = await db.History.SummariseAsync(1, cancellationToken: ct);

        Assert.Equal([songs[0].Id, songs[0].Id, null], summary.Plays.Select(p => p.Song?.Id));
        Assert.Equal([songs[1].Id], summary.Liked.Select(s => s.Id));
        Assert.Equal([songs[2].Id], summary.Disliked.Select(s => s.Id));
        Assert.Equal([(songs[0].Id, 2)], summary.Skipped.Select(s => (s.Song.Id, s.Count)));
    }

    [Fact]
    public async Task Deleting_the_history_removes_readings_plays_and_feedback_but_not_songs()
    {
        await using var db = await TempDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var song = db.Songs.Catalog.Songs[0].Id;
        await db.Readings.AddAsync(1, MoodReading.Picked(Emotion.Fear, ReadingSource.Picker, T0), ct);
        await db.Plays.AddAsync(1, new PlayRecord(T0, song, PlayEvent.Started), ct);
        await db.Feedback.SetAsync(1, song, SongFeedback.Like, ct);

        var deleted = await db.Listeners.DeleteHistoryAsync(1, ct);

        Assert.Equal(3, deleted);
        Assert.Empty(await db.Readings.ListAsync(1, cancellationToken: ct));
        Assert.Empty(await db.Plays.ListAsync(1, cancellationToken: ct));
        Assert.Empty(await db.Feedback.ListAsync(1, ct));
        Assert.Equal(DefaultCatalog.Load().Count, (await new SongStore(db.Database).LoadAsync(cancellationToken: ct)).Count);
    }

    [Fact]
    public async Task A_key_is_stored_once_under_its_name_and_keys_list_oldest_first()
    {
        await using var db = await TempDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var keys = new KeyStore(db.Database, db.Time);

        Assert.True(await keys.AddAsync("key-b", "<key id=\"b\" />", ct));
        db.Time.Now += TimeSpan.FromMinutes(1);
        Assert.True(await keys.AddAsync("key-a", "<key id=\"a\" />", ct));
        Assert.False(await keys.AddAsync("key-b", "<key id=\"other\" />", ct));

        Assert.Equal(["<key id=\"b\" />", "<key id=\"a\" />"], await keys.ListAsync(ct));
    }
}
