using Dapper;

namespace Moodtune.Storage;

/// <summary>Listeners and the erasure of their history.</summary>
public sealed class ListenerStore(MoodtuneDatabase database)
{
    /// <summary>What a listener's history is, as SQL deleting it (parameter @Listener).</summary>
    internal const string DeleteHistorySql =
        """
        DELETE FROM mood_readings WHERE listener_id = @Listener;
        DELETE FROM plays WHERE listener_id = @Listener;
        DELETE FROM feedback WHERE listener_id = @Listener;
        """;

    /// <summary>Whether a listener exists.</summary>
    public Task<bool> ExistsAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            c => c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM listeners WHERE id = @Listener);", new { Listener = listenerId }, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Deletes every listener's readings and plays from before <paramref name="cutoff"/> (the retention period); likes stay.</summary>
    /// <returns>How many rows were deleted.</returns>
    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM mood_readings WHERE time < @cutoff;
                DELETE FROM plays WHERE time < @cutoff;
                """,
                new { cutoff = StorageTime.ToText(cutoff) },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Deletes the listener's readings, plays and feedback in one transaction; the catalog stays.</summary>
    /// <returns>How many rows were deleted.</returns>
    public Task<int> DeleteHistoryAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                DeleteHistorySql,
                new { Listener = listenerId },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);
}
