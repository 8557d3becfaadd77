using Dapper;

namespace Moodtune.Storage;

/// <summary>The instance's own settings made at run time (not per listener): one text value per name.</summary>
public sealed class SettingStore(MoodtuneDatabase database, TimeProvider time)
{
    /// <summary>The YouTube Data API key connected from the page.</summary>
    public const string YouTubeApiKey = "youtube.api_key";

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            c => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("SELECT value FROM settings WHERE name = @name;", new { name }, cancellationToken: cancellationToken)),
            cancellationToken);

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO settings (name, value, updated) VALUES (@name, @value, @updated)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated = excluded.updated;
                """,
                new { name, value, updated = StorageTime.ToText(time.GetUtcNow()) },
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition("DELETE FROM settings WHERE name = @name;", new { name }, cancellationToken: cancellationToken)),
            cancellationToken);
}
