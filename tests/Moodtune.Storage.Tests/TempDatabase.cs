using Microsoft.Data.Sqlite;
using Moodtune.Music.Catalog;

namespace Moodtune.Storage.Tests;

/// <summary>A migrated database in a temporary folder, with every store over it; deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string folder, MoodtuneDatabase database, ManualTime time)
    {
        Folder = folder;
        Database = database;
        Time = time;
        Songs = new SongStore(database);
        Readings = new ReadingStore(database);
        Plays = new PlayStore(database);
        Feedback = new FeedbackStore(database, time);
        Listeners = new ListenerStore(database);
        Settings = new SettingStore(database, time);
        Accounts = new AccountStore(database, time);
        History = new HistoryQueries(database, Songs, Readings, Plays, Feedback);
    }

    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // a Monday, ISO week 48

    public string Folder { get; }

    public MoodtuneDatabase Database { get; }

    public ManualTime Time { get; }

    public SongStore Songs { get; }

    public ReadingStore Readings { get; }

    public PlayStore Plays { get; }

    public FeedbackStore Feedback { get; }

    public ListenerStore Listeners { get; }

    public SettingStore Settings { get; }

    public AccountStore Accounts { get; }

    public HistoryQueries History { get; }

    public static async Task<TempDatabase> CreateAsync(params Song[] songs)
    {
        var folder = Directory.CreateTempSubdirectory("moodtune-storage-tests-").FullName;
        var database = new MoodtuneDatabase(new DatabaseOptions { Path = Path.Combine(folder, "data", "moodtune.db") });
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        var temp = new TempDatabase(folder, database, new ManualTime(Start));
        await temp.Songs.LoadAsync(songs.Length == 0 ? null : () => new SongCatalog(songs), TestContext.Current.CancellationToken);
        return temp;
    }

    public static Song Song(string artist, string title, float valence = 0.5f, float energy = 0.5f) => new()
    {
        Id = Music.Catalog.Song.MakeId(artist, title),
        Title = title,
        Artist = artist,
        Language = "en",
        Valence = valence,
        Energy = energy,
    };

    public ValueTask DisposeAsync()
    {
        Songs.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection of a parallel test may still be open; the OS cleans its temp folder.
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
