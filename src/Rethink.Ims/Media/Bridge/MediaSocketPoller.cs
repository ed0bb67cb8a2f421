using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Receives the datagrams of many UDP sockets on a few threads (one per processor) with Linux epoll, and hands each to
/// its socket's handler inline, on that thread. A thread that wakes reads every readable socket (up to
/// <see cref="MaxBurst"/> datagrams each with one non-blocking <c>recvmmsg</c> into pinned buffers), so a burst of packets
/// on many calls costs one wake-up rather than one thread hop per packet, and nothing is allocated per packet.
/// </summary>
/// <remarks>
/// The threads are shared by every leg in the process and live as long as it (background threads blocked in
/// <c>epoll_wait</c> cost nothing when idle); a leg only registers and unregisters its socket. Used where
/// <see cref="IsSupported"/>; elsewhere <see cref="MediaSocketReceiver"/> falls back to an async receive loop.
/// </remarks>
internal sealed partial class MediaSocketPoller
{
    /// <summary>Size of the receive buffer; the handler may use the room after the datagram (SRTP tags).</summary>
    internal const int BufferSize = 2048;

    /// <summary>The longest datagram received; longer ones are truncated and dropped as malformed by the legs.</summary>
    internal const int MaxDatagram = BufferSize - 64;

    /// <summary>Datagrams read from one socket per wake-up before the others get their turn (epoll is level-triggered).</summary>
    internal const int MaxBurst = 32;

    private const int MaxEvents = 128;
    private const int EpollCloexec = 0x80000;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const uint EpollIn = 0x001;
    private const int Eintr = 4;

    private static readonly Lazy<MediaSocketPoller[]?> Shared = new(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_next;
    private static long s_ids;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<long, MediaSocketReceiver> _registrations = new();
    private readonly Thread _thread;

    private MediaSocketPoller(int epoll, int index)
    {
        _epoll = epoll;
        _thread = new Thread(Run) { IsBackground = true, Name = $"media-rx-{index}" };
        _thread.Start();
    }

    /// <summary>Whether epoll is used here: Linux on x64 or Arm64 (the two layouts of <c>struct epoll_event</c> handled).</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Sockets registered now, over every poller (tests use it to see that legs unregister).</summary>
    internal static int RegisteredCount => Shared.IsValueCreated && Shared.Value is { } pollers ? pollers.Sum(p => p._registrations.Count) : 0;

    /// <summary>The poller threads (tests check that they do not multiply with calls).</summary>
    internal static int ThreadCount => Shared.IsValueCreated && Shared.Value is { } pollers ? pollers.Length : 0;

    private static int EventStride => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int EventDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Registers <paramref name="receiver"/>'s socket with one of the shared pollers; false when epoll is unavailable.</summary>
    internal static bool TryRegister(MediaSocketReceiver receiver, out MediaSocketPoller? poller, out long id)
    {
        poller = null;
        id = 0;
        if (!IsSupported || Shared.Value is not { } pollers)
        {
            return false;
        }

        var chosen = pollers[(int)((uint)Interlocked.Increment(ref s_next) % (uint)pollers.Length)];
        id = Interlocked.Increment(ref s_ids);
        chosen._registrations[id] = receiver;
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        MemoryMarshal.Write(ev, EpollIn);
        MemoryMarshal.Write(ev[EventDataOffset..], id);
        if (EpollCtl(chosen._epoll, EpollCtlAdd, receiver.Fd, ref MemoryMarshal.GetReference(ev)) != 0)
        {
            chosen._registrations.TryRemove(id, out _);
            return false;
        }

        poller = chosen;
        return true;
    }

    /// <summary>Whether <paramref name="id"/> is registered with this poller.</summary>
    internal bool IsRegistered(long id) => _registrations.ContainsKey(id);

    /// <summary>True when called on this poller's thread (inside a handler).</summary>
    internal bool IsPollerThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Stops events for <paramref name="id"/>; the caller then waits until the handler is not running. A socket
    /// already closed left epoll by itself, and its descriptor number may belong to another socket now: only a
    /// socket still open is removed from epoll.
    /// </summary>
    internal void Unregister(long id, MediaSocketReceiver receiver)
    {
        if (_registrations.TryRemove(id, out _) && receiver.TryReference())
        {
            try
            {
                Span<byte> ev = stackalloc byte[16];
                ev.Clear();
                _ = EpollCtl(_epoll, EpollCtlDel, receiver.Fd, ref MemoryMarshal.GetReference(ev));
            }
            finally
            {
                receiver.Unreference();
            }
        }
    }

    private static MediaSocketPoller[]? CreateShared()
    {
        var count = Math.Max(1, Environment.ProcessorCount);
        var pollers = new List<MediaSocketPoller>(count);
        for (var i = 0; i < count; i++)
        {
            int epoll;
            try
            {
                epoll = EpollCreate1(EpollCloexec);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                break;
            }

            if (epoll < 0)
            {
                break;
            }

            pollers.Add(new MediaSocketPoller(epoll, i));
        }

        return pollers.Count == 0 ? null : [.. pollers];
    }

    private void Run()
    {
        var events = GC.AllocateArray<byte>(MaxEvents * EventStride, pinned: true);
        var batch = new MediaReceiveBatch();
        // One source address per family, sized as IPEndPoint.Serialize sizes it, so the legs' Equals checks match.
        var v4 = new SocketAddress(AddressFamily.InterNetwork);
        var v6 = new SocketAddress(AddressFamily.InterNetworkV6);
        var stride = EventStride;
        var dataOffset = EventDataOffset;
        while (true)
        {
            var ready = EpollWait(_epoll, ref MemoryMarshal.GetArrayDataReference(events), MaxEvents, -1);
            if (ready < 0)
            {
                if (Marshal.GetLastPInvokeError() == Eintr)
                {
                    continue;
                }

                // EBADF/EINVAL cannot happen on our own descriptor; back off rather than spin if it ever does.
                Thread.Sleep(10);
                continue;
            }

            for (var i = 0; i < ready; i++)
            {
                var id = MemoryMarshal.Read<long>(events.AsSpan((i * stride) + dataOffset, 8));
                if (_registrations.TryGetValue(id, out var receiver))
                {
                    Drain(id, receiver, batch, receiver.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : v4);
                }
            }
        }
    }

    private void Drain(long id, MediaSocketReceiver receiver, MediaReceiveBatch batch, SocketAddress address)
    {
        if (!receiver.Enter())
        {
            return;
        }

        // Hold the descriptor for the drain, as .NET does for its own socket calls: a Dispose meanwhile waits for us.
        if (!receiver.TryReference())
        {
            receiver.Exit();
            _registrations.TryRemove(id, out _);
            return;
        }

        try
        {
            // One recvmmsg takes what is queued (up to MaxBurst): a socket holding one datagram costs one system call,
            // not a second one that only says EAGAIN. Whatever is left is reported again by the level-triggered epoll.
            int received;
            do
            {
                received = batch.Receive(receiver.Fd, address.Size);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == Eintr);

            var target = address.Buffer.Span;
            for (var n = 0; n < received && !receiver.IsStopping && !receiver.IsClosing; n++)
            {
                // Not an address of the socket's family: cannot happen for UDP/IP.
                if (batch.TryGetSource(n, target[..address.Size]))
                {
                    receiver.Deliver(batch.Buffer(n), batch.Length(n), address);
                }
            }
        }
        finally
        {
            receiver.Unreference();
            receiver.Exit();
        }
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, ref byte ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, ref byte events, int maxEvents, int timeout);

}
