using Microsoft.Data.Sqlite;
using Moodtune.Music.Catalog;

namespace Moodtune.Storage.Tests;

/// <summary>
/// A migrated database (SQLite in a temporary folder, or a fresh PostgreSQL database in a PostgreSQL run: <see cref="TestStorage"/>),
/// with every store over it; deleted afterwards.
/// </summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string folder, DatabaseOptions options, MoodtuneDatabase database, ManualTime time)
    {
        Folder = folder;
        Options = options;
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

    /// <summary>What <see cref="Database"/> was made from: another instance made from it is another process on the same database.</summary>
    public DatabaseOptions Options { get; }

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
        var options = TestStorage.Options(Path.Combine(folder, "data"));
        var database = new MoodtuneDatabase(options);
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        var temp = new TempDatabase(folder, options, database, new ManualTime(Start));
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

    public async ValueTask DisposeAsync()
    {
        Songs.Dispose();
        await Database.DisposeAsync();
        TestStorage.Drop(Path.Combine(Folder, "data"));
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection of a parallel test may still be open; the OS cleans its temp folder.
        }
    }
}

public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
