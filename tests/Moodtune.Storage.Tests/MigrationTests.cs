using Dapper;
using Microsoft.Data.Sqlite;

namespace Moodtune.Storage.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_creates_every_table_and_the_local_listener_from_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();

        var tables = await db.Database.RunAsync(
            c => c.QueryAsync<string>(TestStorage.IsPostgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;"
                : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;"),
            TestContext.Current.CancellationToken);
        Assert.Equal(["accounts", "data_protection_keys", "feedback", "listeners", "mood_readings", "plays", "schema_version", "settings", "songs"], tables);
        var listener = await db.Database.RunAsync(c => c.QuerySingleAsync<(long Id, string Name)>("SELECT id, name FROM listeners;"), TestContext.Current.CancellationToken);
        Assert.Equal((MoodtuneDatabase.LocalListener, "local"), listener);
        Assert.True(await db.Listeners.ExistsAsync(MoodtuneDatabase.LocalListener, TestContext.Current.CancellationToken));
        if (TestStorage.IsPostgres)
        {
            return; // the journal and its durability below are SQLite's settings
        }

        var journal = await db.Database.RunAsync(c => c.ExecuteScalarAsync<string>("PRAGMA journal_mode;"), TestContext.Current.CancellationToken);
        Assert.Equal("wal", journal);
        var synchronous = await db.Database.RunAsync(c => c.ExecuteScalarAsync<long>("PRAGMA synchronous;"), TestContext.Current.CancellationToken);
        Assert.Equal(2, synchronous); // FULL
    }

    [Fact]
    public async Task Migrate_again_changes_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        await db.Readings.AddAsync(1, MoodReading.Picked(Mood.Emotion.Sad, ReadingSource.Picker, TempDatabase.Start), TestContext.Current.CancellationToken);

        await using var again = new MoodtuneDatabase(db.Options);
        var version = await again.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MoodtuneDatabase.LatestVersion, version);
        var applied = await again.RunAsync(c => c.QueryAsync<int>("SELECT version FROM schema_version;"), TestContext.Current.CancellationToken);
        Assert.Equal(again.Migrations.Select(m => m.Version), applied);
        Assert.Single(await new ReadingStore(again).ListAsync(1, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(1, again.Migrations[0].Version);
        Assert.Equal("0001_initial.sql", again.Migrations[0].Name);
    }

    [Fact]
    public async Task A_committed_reading_survives_the_process_going_away_without_closing()
    {
        TestStorage.SkipOnPostgres("its WAL file");
        await using var db = await TempDatabase.CreateAsync();

        // SQLite checkpoints and deletes the WAL when the last connection to a database closes, and another test class
        // clearing the connection pools (a process-wide call) can close the store's pooled one at any moment: a
        // connection of our own keeps the WAL as a killed process leaves it. Opening is not enough: SQLite touches the
        // file only at the first statement, and a connection that never read holds no lock, so the store's closing
        // connection still finds itself the last one and deletes the WAL (it did, once in five suite runs).
        await using var holder = new SqliteConnection($"Data Source={db.Database.Path};Pooling=False");
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await holder.ExecuteScalarAsync<long>("SELECT count(*) FROM mood_readings;");
        var stored = await db.Readings.AddAsync(1, MoodReading.Picked(Mood.Emotion.Happy, ReadingSource.Camera, TempDatabase.Start), TestContext.Current.CancellationToken);

        // The worst case on every run rather than by chance: the store's pooled connection closes now.
        SqliteConnection.ClearAllPools();

        // What a killed process leaves: the database and its WAL as they are on disk, never checkpointed or closed.
        var crashed = Path.Combine(db.Folder, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db.Database.Path)!, "moodtune.db*"))
        {
            File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(Path.Combine(crashed, "moodtune.db-wal")));
        await using (var raw = new SqliteConnection($"Data Source={Path.Combine(crashed, "moodtune.db")};Pooling=False"))
        {
            var emotion = await raw.ExecuteScalarAsync<string>("SELECT emotion FROM mood_readings WHERE id = @Id;", new { stored.Id });
            Assert.Equal("happy", emotion);
        }

        var reopened = new MoodtuneDatabase(new DatabaseOptions { Path = Path.Combine(crashed, "moodtune.db") });
        await reopened.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(StoreTests.Key(stored), StoreTests.Key(Assert.Single(await new ReadingStore(reopened).ListAsync(1, cancellationToken: TestContext.Current.CancellationToken))));
    }

    [Fact]
    public async Task A_database_folder_that_cannot_be_created_is_a_storage_unavailable_exception()
    {
        var file = Path.GetTempFileName();
        try
        {
            var database = new MoodtuneDatabase(new DatabaseOptions { Path = Path.Combine(file, "data", "moodtune.db") });

            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => database.MigrateAsync(TestContext.Current.CancellationToken));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_deleted_database_is_a_storage_unavailable_exception_not_a_silent_new_file()
    {
        TestStorage.SkipOnPostgres("its file");
        await using var db = await TempDatabase.CreateAsync();
        await db.Readings.AddAsync(1, MoodReading.Picked(Mood.Emotion.Sad, ReadingSource.Picker, TempDatabase.Start), TestContext.Current.CancellationToken);

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db.Database.Path)!, "moodtune.db*"))
        {
            File.Delete(file);
        }

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => db.Readings.AddAsync(1, MoodReading.Picked(Mood.Emotion.Happy, ReadingSource.Picker, TempDatabase.Start), TestContext.Current.CancellationToken));
        Assert.Contains("gone", error.Message, StringComparison.Ordinal);
        Assert.False(await db.Database.IsAvailableAsync(TestContext.Current.CancellationToken));
        Assert.False(File.Exists(db.Database.Path));
    }

    [Fact]
    public async Task A_database_replaced_by_another_file_is_a_storage_unavailable_exception()
    {
        TestStorage.SkipOnPostgres("its file");
        await using var db = await TempDatabase.CreateAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db.Database.Path)!, "moodtune.db*"))
        {
            File.Delete(file);
        }

        await File.WriteAllTextAsync(db.Database.Path, new string('x', 4096), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => db.Readings.ListAsync(1, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_database_locked_by_another_writer_is_a_storage_unavailable_exception_after_the_busy_timeout()
    {
        TestStorage.SkipOnPostgres("its file lock");
        await using var db = await TempDatabase.CreateAsync();
        var impatient = new MoodtuneDatabase(new DatabaseOptions { Path = db.Database.Path, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        await impatient.MigrateAsync(TestContext.Current.CancellationToken);
        await using var other = new SqliteConnection($"Data Source={db.Database.Path};Pooling=False");
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await other.ExecuteAsync("BEGIN EXCLUSIVE;");

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => new ReadingStore(impatient).AddAsync(1, MoodReading.Picked(Mood.Emotion.Happy, ReadingSource.Picker, TempDatabase.Start), TestContext.Current.CancellationToken));

        await other.ExecuteAsync("ROLLBACK;");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_read_only_database_is_a_storage_unavailable_exception()
    {
        TestStorage.SkipOnPostgres("its file permissions");
        await using var db = await TempDatabase.CreateAsync();
        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(db.Database.Path)!;
        foreach (var file in Directory.GetFiles(folder, "moodtune.db*"))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead);
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (CanWrite(db.Database.Path))
            {
                Assert.Skip("file permissions do not bind this user (root): a read-only file cannot be made here");
            }

            await Assert.ThrowsAsync<StorageUnavailableException>(
                () => db.Readings.AddAsync(1, MoodReading.Picked(Mood.Emotion.Happy, ReadingSource.Picker, TempDatabase.Start), TestContext.Current.CancellationToken));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var file in Directory.GetFiles(folder, "moodtune.db*"))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_setting_is_absent_until_set_the_latest_value_wins_and_a_removed_one_is_absent_again()
    {
        await using var db = await TempDatabase.CreateAsync();

        Assert.Null(await db.Settings.GetAsync(SettingStore.YouTubeApiKey, TestContext.Current.CancellationToken));
        await db.Settings.SetAsync(SettingStore.YouTubeApiKey, "first", TestContext.Current.CancellationToken);
        await db.Settings.SetAsync(SettingStore.YouTubeApiKey, "second", TestContext.Current.CancellationToken);

        Assert.Equal("second", await db.Settings.GetAsync(SettingStore.YouTubeApiKey, TestContext.Current.CancellationToken));

        await db.Settings.RemoveAsync(SettingStore.YouTubeApiKey, TestContext.Current.CancellationToken);

        Assert.Null(await db.Settings.GetAsync(SettingStore.YouTubeApiKey, TestContext.Current.CancellationToken));
    }
}
