using System.Buffers;

namespace Rethink.Ims.Sip.Messages;

/// <summary>An array rented from the shared pool, returned once on dispose.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    internal PooledBuffer(int length) => _array = ArrayPool<byte>.Shared.Rent(length);

    internal byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
