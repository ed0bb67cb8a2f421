using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Media.Bridge;

namespace Rethink.Ims.Tests.Media.Bridge;

public sealed class MediaSocketReceiverTests
{
    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, int milliseconds = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > milliseconds)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    [Fact]
    public async Task Datagrams_reach_the_handler_with_their_source_address_and_length()
    {
        using var socket = Bound();
        using var sender = Bound();
        var received = new ConcurrentQueue<(byte[] Data, IPEndPoint From)>();
        var receiver = MediaSocketReceiver.Start(socket, (buffer, length, source) =>
            received.Enqueue((buffer[..length].ToArray(), (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(source))),
            NullLogger.Instance, (IPEndPoint)socket.LocalEndPoint!);
        Assert.Equal(MediaSocketPoller.IsSupported, receiver.UsesPoller);
        for (var i = 0; i < 100; i++)
        {
            sender.SendTo(new byte[] { 0x80, (byte)i, 1, 2, 3 }, socket.LocalEndPoint!);
        }

        Assert.True(await WaitAsync(() => received.Count == 100), $"received {received.Count} of 100");
        await receiver.StopAsync();
        Assert.All(received, r => Assert.Equal(sender.LocalEndPoint, r.From));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), received.Select(r => r.Data[1]));
        Assert.All(received, r => Assert.Equal(5, r.Data.Length));
    }

    [Fact]
    public async Task A_burst_of_mixed_sizes_keeps_each_datagram_length_and_an_oversized_one_arrives_truncated()
    {
        using var socket = Bound();
        socket.ReceiveBufferSize = 1 << 20;
        using var sender = Bound();
        var received = new ConcurrentQueue<byte[]>();
        var receiver = MediaSocketReceiver.Start(socket, (buffer, length, _) => received.Enqueue(buffer[..length].ToArray()),
            NullLogger.Instance, (IPEndPoint)socket.LocalEndPoint!);
        // More than one batch (MaxBurst) queued at once, each datagram a different length; one longer than MaxDatagram.
        var lengths = Enumerable.Range(0, 80).Select(i => i == 40 ? 3000 : 2 + (i * 7)).ToArray();
        foreach (var (length, i) in lengths.Select((l, i) => (l, i)))
        {
            var datagram = new byte[length];
            datagram[0] = (byte)i;
            sender.SendTo(datagram, socket.LocalEndPoint!);
        }

        Assert.True(await WaitAsync(() => received.Count == lengths.Length), $"received {received.Count} of {lengths.Length}");
        await receiver.StopAsync();
        Assert.Equal(lengths.Select(l => Math.Min(l, MediaSocketPoller.MaxDatagram)), received.Select(r => r.Length));
        Assert.Equal(Enumerable.Range(0, lengths.Length).Select(i => (byte)i), received.Select(r => r[0]));
    }

    [Fact]
    public async Task After_stop_returns_the_handler_is_not_running_and_never_called_again()
    {
        using var socket = Bound();
        using var sender = Bound();
        var running = 0;
        var calls = 0;
        var overlapAfterStop = false;
        var stopped = false;
        var receiver = MediaSocketReceiver.Start(socket, (_, _, _) =>
        {
            Interlocked.Increment(ref running);
            if (Volatile.Read(ref stopped))
            {
                overlapAfterStop = true;
            }

            Interlocked.Increment(ref calls);
            Thread.SpinWait(20_000);
            Interlocked.Decrement(ref running);
        }, NullLogger.Instance, (IPEndPoint)socket.LocalEndPoint!);
        using var flood = new CancellationTokenSource();
        var floodTask = Task.Run(() =>
        {
            while (!flood.IsCancellationRequested)
            {
                sender.SendTo(new byte[] { 0x80, 0 }, socket.LocalEndPoint!);
            }
        });
        Assert.True(await WaitAsync(() => Volatile.Read(ref calls) > 10));
        await receiver.StopAsync();
        Volatile.Write(ref stopped, true);
        Assert.Equal(0, Volatile.Read(ref running));
        var callsAtStop = Volatile.Read(ref calls);
        await Task.Delay(200);
        await flood.CancelAsync();
        await floodTask;
        Assert.Equal(callsAtStop, Volatile.Read(ref calls));
        Assert.False(overlapAfterStop);
    }

    [Fact]
    public async Task Stopped_receivers_unregister_and_many_legs_share_a_fixed_number_of_receive_threads()
    {
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;
        var sockets = Enumerable.Range(0, 200).Select(_ => Bound()).ToList();
        var receivers = sockets.Select(s => MediaSocketReceiver.Start(s, (_, _, _) => { }, NullLogger.Instance, (IPEndPoint)s.LocalEndPoint!)).ToList();
        if (MediaSocketPoller.IsSupported)
        {
            Assert.True(MediaSocketPoller.RegisteredCount >= 200);
            Assert.InRange(MediaSocketPoller.ThreadCount, 1, Environment.ProcessorCount);
            // 200 sockets did not bring 200 threads (other tests run in parallel, so allow generous slack).
            Assert.True(Process.GetCurrentProcess().Threads.Count - threadsBefore < 100);
        }

        foreach (var receiver in receivers)
        {
            await receiver.StopAsync();
        }

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        // Nothing of ours stays registered for these sockets (other tests may hold their own registrations).
        Assert.All(receivers, r => Assert.True(r.IsStopping));
        Assert.True(MediaSocketPoller.RegisteredCount < 200);
    }

    [Fact]
    public async Task A_socket_disposed_under_a_running_receiver_is_dropped_without_spinning()
    {
        var socket = Bound();
        var calls = 0;
        var receiver = MediaSocketReceiver.Start(socket, (_, _, _) => Interlocked.Increment(ref calls), NullLogger.Instance, (IPEndPoint)socket.LocalEndPoint!);
        socket.Dispose();
        await Task.Delay(200);
        var after = Volatile.Read(ref calls);
        await Task.Delay(200);
        Assert.Equal(after, Volatile.Read(ref calls));
        await receiver.StopAsync();
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_the_socket_keeps_receiving()
    {
        using var socket = Bound();
        using var sender = Bound();
        var calls = 0;
        var receiver = MediaSocketReceiver.Start(socket, (_, _, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("boom");
            }
        }, NullLogger.Instance, (IPEndPoint)socket.LocalEndPoint!);
        sender.SendTo(new byte[] { 1 }, socket.LocalEndPoint!);
        sender.SendTo(new byte[] { 2 }, socket.LocalEndPoint!);
        Assert.True(await WaitAsync(() => Volatile.Read(ref calls) == 2));
        await receiver.StopAsync();
    }
}
