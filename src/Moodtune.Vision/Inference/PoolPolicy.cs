using Microsoft.Extensions.ObjectPool;

namespace Moodtune.Vision.Inference;

/// <summary>Pools per-caller buffer sets made by a factory; every set comes back as it is (each call overwrites it).</summary>
internal sealed class PoolPolicy<T>(Func<T> create) : IPooledObjectPolicy<T>
    where T : class
{
    public static ObjectPool<T> Create(Func<T> create) => new DefaultObjectPoolProvider().Create(new PoolPolicy<T>(create));

    T IPooledObjectPolicy<T>.Create() => create();

    public bool Return(T obj) => true;
}
