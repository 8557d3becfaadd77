using Microsoft.Extensions.Options;

namespace Moodtune.Web;

/// <summary>
/// How many images (camera frames and photos) are analysed at once: Moodtune:MaxConcurrentAnalyses, by default one per
/// core. Beyond it analyses wait their turn rather than all slowing each other down; a camera frame that waits longer
/// than Moodtune:FrameWait is dropped (its answer says so), since a newer frame is already on its way.
/// </summary>
internal sealed class AnalysisSlots(IOptions<WebOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Count(options.Value), Count(options.Value));

    /// <summary>Takes a slot within <paramref name="wait"/>; dispose the result to give it back. Null when none came free in time.</summary>
    public async Task<IDisposable?> TakeAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        await _slots.WaitAsync(wait, cancellationToken) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private static int Count(WebOptions options) => options.MaxConcurrentAnalyses > 0 ? options.MaxConcurrentAnalyses : Environment.ProcessorCount;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
