using Dapper;

namespace Moodtune.Storage;

/// <summary>
/// Named XML texts that are only ever added: the web app's data protection keys, which every node sharing the database
/// must see. What they mean is the web app's business.
/// </summary>
public sealed class KeyStore(MoodtuneDatabase database, TimeProvider time)
{
    /// <summary>Every stored text, oldest first.</summary>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c => (IReadOnlyList<string>)[.. await c.QueryAsync<string>(new CommandDefinition(
                "SELECT xml FROM data_protection_keys ORDER BY created, name;", cancellationToken: cancellationToken)).ConfigureAwait(false)],
            cancellationToken);

    /// <summary>Stores a text under a name not stored yet.</summary>
    /// <returns>False when the name was taken (another node stored it first): the stored text stays.</returns>
    public async Task<bool> AddAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        var added = await database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO data_protection_keys (name, xml, created) VALUES (@name, @xml, @created) ON CONFLICT (name) DO NOTHING;",
                new { name, xml, created = StorageTime.ToText(time.GetUtcNow()) },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return added == 1;
    }
}
