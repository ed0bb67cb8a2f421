namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// A sliding replay window over packet indices (RFC 3711 §3.3.2): remembers which of the last
/// <see cref="Size"/> indices below the highest were accepted. Check first, authenticate, then
/// <see cref="Accept"/> so that forged packets never move the window. Not thread-safe: the owner locks.
/// </summary>
public sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private readonly ulong _mask;

    /// <summary>Creates a window of <paramref name="size"/> packets: a power of two from 64 to 32768.</summary>
    public SrtpReplayWindow(int size = 128)
    {
        if (size < 64 || size > 32768 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The replay window must be a power of two from 64 to 32768.");
        }

        Size = size;
        _mask = (ulong)size - 1;
        _bits = new ulong[size / 64];
    }

    /// <summary>Number of indices the window covers.</summary>
    public int Size { get; }

    /// <summary>True once an index was accepted.</summary>
    public bool HasAccepted { get; private set; }

    /// <summary>The highest accepted index (meaningful when <see cref="HasAccepted"/>).</summary>
    public ulong Highest { get; private set; }

    /// <summary>True when <paramref name="index"/> may be accepted: newer than the highest, or inside the window and not seen.</summary>
    public bool Check(ulong index)
    {
        if (!HasAccepted || index > Highest)
        {
            return true;
        }

        if (Highest - index >= (ulong)Size)
        {
            return false; // too old to tell
        }

        return !IsSet(index);
    }

    /// <summary>Records <paramref name="index"/> as received (after it authenticated).</summary>
    public void Accept(ulong index)
    {
        if (!HasAccepted)
        {
            Array.Clear(_bits);
            HasAccepted = true;
            Highest = index;
        }
        else if (index > Highest)
        {
            var advance = index - Highest;
            if (advance >= (ulong)Size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (var i = Highest + 1; i < index; i++)
                {
                    Clear(i);
                }
            }

            Highest = index;
        }
        else if (Highest - index >= (ulong)Size)
        {
            return;
        }

        Set(index);
    }

    /// <summary>Forgets every index.</summary>
    public void Reset()
    {
        Array.Clear(_bits);
        HasAccepted = false;
        Highest = 0;
    }

    private bool IsSet(ulong index)
    {
        var bit = index & _mask;
        return (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    private void Set(ulong index)
    {
        var bit = index & _mask;
        _bits[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    private void Clear(ulong index)
    {
        var bit = index & _mask;
        _bits[bit >> 6] &= ~(1UL << (int)(bit & 63));
    }
}
