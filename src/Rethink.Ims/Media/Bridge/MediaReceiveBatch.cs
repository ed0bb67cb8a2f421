using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// The buffers of one Linux <c>recvmmsg</c> call, made once per poller thread: <see cref="MediaSocketPoller.MaxBurst"/>
/// datagram buffers, source addresses, <c>struct iovec</c>s and <c>struct mmsghdr</c>s, all in pinned arrays whose
/// addresses are written into the headers once. LP64 layout (x64 and Arm64): <c>msghdr</c> is 56 bytes (name at 0,
/// name length at 8, iov at 16, iov length at 24), <c>mmsghdr</c> adds the received length at 56.
/// </summary>
internal sealed unsafe partial class MediaReceiveBatch
{
    private const int HeaderSize = 64;
    private const int NameLengthOffset = 8;
    private const int ReceivedLengthOffset = 56;
    private const int NameSize = 32;   // sockaddr_in6 is 28 bytes
    private const int IovecSize = 16;
    private const int MsgDontWait = 0x40;

    private readonly byte[] _buffers = GC.AllocateArray<byte>(MediaSocketPoller.MaxBurst * MediaSocketPoller.BufferSize, pinned: true);
    private readonly byte[] _names = GC.AllocateArray<byte>(MediaSocketPoller.MaxBurst * NameSize, pinned: true);
    private readonly byte[] _iovecs = GC.AllocateArray<byte>(MediaSocketPoller.MaxBurst * IovecSize, pinned: true);
    private readonly byte[] _headers = GC.AllocateArray<byte>(MediaSocketPoller.MaxBurst * HeaderSize, pinned: true);

    public MediaReceiveBatch()
    {
        var buffers = Address(_buffers);
        var names = Address(_names);
        var iovecs = Address(_iovecs);
        for (var i = 0; i < MediaSocketPoller.MaxBurst; i++)
        {
            var iovec = iovecs + (i * IovecSize);
            *(nint*)iovec = (nint)(buffers + (i * MediaSocketPoller.BufferSize));
            *(nuint*)(iovec + 8) = MediaSocketPoller.MaxDatagram;
            var header = Header(i);
            *(nint*)header = (nint)(names + (i * NameSize));
            *(nint*)(header + 16) = (nint)iovec;
            *(nuint*)(header + 24) = 1;
        }
    }

    /// <summary>Receives what <paramref name="fd"/> holds, up to a full batch, without blocking: the number of datagrams, or -1 (errno set).</summary>
    public int Receive(int fd, int addressSize)
    {
        for (var i = 0; i < MediaSocketPoller.MaxBurst; i++)
        {
            *(uint*)(Header(i) + NameLengthOffset) = (uint)addressSize;
        }

        return RecvMmsg(fd, Header(0), MediaSocketPoller.MaxBurst, MsgDontWait, null);
    }

    /// <summary>The buffer of datagram <paramref name="index"/>: the datagram first, then free room up to <see cref="MediaSocketPoller.BufferSize"/>.</summary>
    public Span<byte> Buffer(int index) => _buffers.AsSpan(index * MediaSocketPoller.BufferSize, MediaSocketPoller.BufferSize);

    /// <summary>Octets of datagram <paramref name="index"/>.</summary>
    public int Length(int index) => (int)*(uint*)(Header(index) + ReceivedLengthOffset);

    /// <summary>
    /// Copies the source of datagram <paramref name="index"/> into <paramref name="target"/>; false when its length
    /// differs (another address family, which UDP/IP cannot produce). A datagram longer than
    /// <see cref="MediaSocketPoller.MaxDatagram"/> arrives truncated, as with <c>recvfrom</c>, and the leg drops and
    /// counts it (it fails SRTP authentication or RTP parsing).
    /// </summary>
    public bool TryGetSource(int index, Span<byte> target)
    {
        if (*(uint*)(Header(index) + NameLengthOffset) != (uint)target.Length)
        {
            return false;
        }

        _names.AsSpan(index * NameSize, target.Length).CopyTo(target);
        return true;
    }

    private static byte* Address(byte[] pinned) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    private byte* Header(int index) => Address(_headers) + (index * HeaderSize);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMmsg(int fd, byte* headers, uint count, int flags, void* timeout);
}
