using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Data protection's key ring in the database (<see cref="KeyStore"/>) rather than in one node's data folder: every node
/// sharing the database protects and reads sign-in cookies with the same keys. The keys an earlier version kept in
/// DATA/keys are imported the first time the ring is read, so the cookies they protect stay valid.
/// </summary>
internal sealed partial class DatabaseXmlRepository(KeyStore keys, string legacyFolder, ILogger<DatabaseXmlRepository> logger) : IXmlRepository
{
    private int _imported;

    // IXmlRepository is synchronous: the key ring reads it once and then only when a key expires or is missing.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        StoreAsync(element.ToString(SaveOptions.DisableFormatting), friendlyName).GetAwaiter().GetResult();
    }

    // As FileSystemXmlRepository does with a file name that is taken: the element is stored under a new one.
    private async Task StoreAsync(string xml, string friendlyName)
    {
        if (!await keys.AddAsync(friendlyName, xml).ConfigureAwait(false))
        {
            await keys.AddAsync($"{friendlyName}-{Guid.NewGuid():N}", xml).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        if (Volatile.Read(ref _imported) == 0)
        {
            await ImportAsync().ConfigureAwait(false);
            Volatile.Write(ref _imported, 1);
        }

        return [.. (await keys.ListAsync().ConfigureAwait(false)).Select(x => XElement.Parse(x))];
    }

    // Files are named as the elements were (key-GUID.xml): a file imported again, by this node or another, is stored once.
    private async Task ImportAsync()
    {
        if (!Directory.Exists(legacyFolder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(legacyFolder, "*.xml"))
        {
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            if (await keys.AddAsync(Path.GetFileNameWithoutExtension(file), xml).ConfigureAwait(false))
            {
                LogImported(file);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the data protection key {File} into the database.")]
    private partial void LogImported(string file);
}
