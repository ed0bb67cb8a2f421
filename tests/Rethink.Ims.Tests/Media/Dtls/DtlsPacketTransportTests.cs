using System.Diagnostics;
using Org.BouncyCastle.Tls;
using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsPacketTransportTests
{
    [Fact]
    public void A_delivered_datagram_is_received_whole_and_in_order()
    {
        var transport = new DtlsPacketTransport(_ => { });
        Assert.True(transport.TryDeliver([1, 2, 3]));
        Assert.True(transport.TryDeliver([4, 5]));
        DatagramTransport bc = transport;
        var buffer = new byte[100];

        Assert.Equal(3, bc.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(2, bc.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal([4, 5], buffer[..2]);
    }

    [Fact]
    public void The_caller_may_reuse_its_buffer_after_delivering()
    {
        var transport = new DtlsPacketTransport(_ => { });
        var datagram = new byte[] { 9, 9, 9 };
        transport.TryDeliver(datagram);
        datagram[0] = 0;
        var buffer = new byte[10];

        ((DatagramTransport)transport).Receive(buffer, 0, buffer.Length, 10);

        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public void A_full_queue_drops_and_counts()
    {
        var transport = new DtlsPacketTransport(_ => { }, queueCapacity: 2);

        Assert.True(transport.TryDeliver([1]));
        Assert.True(transport.TryDeliver([2]));
        Assert.False(transport.TryDeliver([3]));
        Assert.Equal(1, transport.DroppedCount);
        Assert.Equal(2, transport.QueuedCount);
    }

    [Fact]
    public void Empty_and_oversized_datagrams_are_dropped()
    {
        var transport = new DtlsPacketTransport(_ => { });

        Assert.False(transport.TryDeliver([]));
        Assert.False(transport.TryDeliver(new byte[DtlsPacketTransport.MaximumDatagramSize + 1]));
        Assert.True(transport.TryDeliver(new byte[DtlsPacketTransport.MaximumDatagramSize]));
        Assert.Equal(2, transport.DroppedCount);
    }

    [Fact]
    public void An_empty_receive_returns_minus_one_after_its_wait()
    {
        DatagramTransport transport = new DtlsPacketTransport(_ => { });
        var watch = Stopwatch.StartNew();

        Assert.Equal(-1, transport.Receive(new byte[10], 0, 10, 150));
        Assert.InRange(watch.ElapsedMilliseconds, 140, 3000);
    }

    [Fact]
    public async Task A_waiting_receive_wakes_when_a_datagram_arrives()
    {
        var transport = new DtlsPacketTransport(_ => { });
        var receive = Task.Run(() => ((DatagramTransport)transport).Receive(new byte[10], 0, 10, 0));
        await Task.Delay(50);
        Assert.False(receive.IsCompleted);

        transport.TryDeliver([7, 7]);

        Assert.Equal(2, await receive.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Close_wakes_a_waiting_receive_with_an_IOException()
    {
        var transport = new DtlsPacketTransport(_ => { });
        var receive = Task.Run(() => ((DatagramTransport)transport).Receive(new byte[10], 0, 10, 0));
        await Task.Delay(50);

        transport.Close();

        await Assert.ThrowsAnyAsync<IOException>(() => receive.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(transport.IsClosed);
        Assert.False(transport.TryDeliver([1]));
    }

    [Fact]
    public void Sends_go_to_the_callback_until_closed_and_the_send_limit_is_the_mtu()
    {
        var sent = new List<byte[]>();
        var transport = new DtlsPacketTransport(d => sent.Add(d.ToArray()), mtu: 500);
        DatagramTransport bc = transport;

        bc.Send([1, 2], 0, 2);
        transport.Close();
        bc.Send([3], 0, 1);

        Assert.Equal(500, bc.GetSendLimit());
        Assert.Single(sent);
        Assert.Equal([1, 2], sent[0]);
    }

    [Theory]
    [InlineData(DtlsPacketTransport.MinimumMtu - 1)]
    [InlineData(DtlsPacketTransport.MaximumMtu + 1)]
    public void An_mtu_out_of_range_is_a_configuration_error(int mtu) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsPacketTransport(_ => { }, mtu));
}
