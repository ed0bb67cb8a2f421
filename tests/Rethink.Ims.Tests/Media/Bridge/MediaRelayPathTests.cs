using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>The per-packet relay path on its own: what it does to a packet, and that it allocates nothing.</summary>
public class MediaRelayPathTests
{
    [Fact]
    public async Task Relaying_a_packet_to_the_plain_leg_maps_the_payload_type_drops_extensions_and_allocates_nothing()
    {
        using var rtp = Bound();
        using var rtcp = Bound();
        using var peer = Bound();
        await using var leg = new PlainLeg(rtp, rtcp);
        leg.SetRemote((IPEndPoint)peer.LocalEndPoint!, null, rtcpMux: false);
        var time = TimeProvider.System;
        var source = LegPayloadMap.From([new PayloadFormat(0, "PCMU", 8000), new PayloadFormat(101, "telephone-event", 8000)]);
        var target = LegPayloadMap.From([new PayloadFormat(0, "PCMU", 8000), new PayloadFormat(96, "telephone-event", 8000)]);
        using var path = new MediaRelayPath(MediaLegProfile.WebRtc, source, target, null, leg,
            new RtcpLegReporter(time), new RtcpLegReporter(time), new MediaLegCounters(), new AudioTranscoderOptions(), null);

        // A browser-style packet: one-byte header extension (audio level), 160 octets of PCMU.
        var packet = new byte[] { 0x90, 0x80, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 0x42, 0xBE, 0xDE, 0x00, 0x01, 0x10, 0x55, 0, 0 }
            .Concat(Enumerable.Repeat((byte)0xFF, 160)).ToArray();
        var buffer = new byte[2048];
        packet.CopyTo(buffer, 0);
        path.Forward(buffer, packet.Length);
        var received = new byte[2048];
        var n = peer.Receive(received);
        Assert.Equal(12 + 160, n);
        Assert.Equal(0x80, received[0]);                 // no extension bit, no CSRC
        Assert.Equal(0x80, received[1]);                 // marker kept, PT 0
        Assert.Equal(0x42, received[11]);                // SSRC kept
        Assert.Equal(1, leg.Counters.RtpPacketsOut);

        var sequence = (ushort)2;
        Assert.Equal(0, AllocationProbe.SteadyStateAllocations(() => Relay(path, buffer, packet, sequence++)));
    }

    [Fact]
    public void Telephone_events_take_the_other_legs_payload_type_and_clock()
    {
        using var rtp = Bound();
        using var peer = Bound();
        var leg = new PlainLeg(rtp, null);
        leg.SetRemote((IPEndPoint)peer.LocalEndPoint!, null, rtcpMux: true);
        var time = TimeProvider.System;
        var source = LegPayloadMap.From([new PayloadFormat(111, "opus", 48000, 2), new PayloadFormat(110, "telephone-event", 48000)]);
        var target = LegPayloadMap.From([new PayloadFormat(0, "PCMU", 8000), new PayloadFormat(101, "telephone-event", 8000)]);
        using var path = new MediaRelayPath(MediaLegProfile.WebRtc, source, target, null, leg,
            new RtcpLegReporter(time), new RtcpLegReporter(time), new MediaLegCounters(), new AudioTranscoderOptions(), null);

        // Event 5, duration 960 at 48 kHz (20 ms), timestamp 48000.
        var packet = new byte[] { 0x80, 110, 0, 7, 0, 0, 0xBB, 0x80, 0, 0, 0, 9, 5, 10, 0x03, 0xC0 };
        var buffer = new byte[256];
        packet.CopyTo(buffer, 0);
        path.Forward(buffer, packet.Length);

        var received = new byte[256];
        Assert.Equal(16, peer.Receive(received));
        Assert.Equal(101, received[1] & 0x7F);
        Assert.Equal(8000u, (uint)((received[4] << 24) | (received[5] << 16) | (received[6] << 8) | received[7]));
        Assert.Equal(160, (received[14] << 8) | received[15]);   // 20 ms at 8 kHz
        Assert.Equal(5, received[12]);
    }

    [Fact]
    public async Task Bridge_metrics_count_calls_packets_and_drops_with_their_reasons()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MediaBridgeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += $"|{tag.Key}={tag.Value}";
            }

            lock (counts)
            {
                // Observable counters report running totals; the others report increments.
                counts[key] = instrument is ObservableCounter<long> ? value : counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();

        await using (var bridge = BridgeFixture.Create(BridgeFixture.Options(o => o.MaxCalls = 1), metrics: new MediaBridgeMetrics(factory)))
        {
            await using var browser = new FakeBrowser();
            await using var plain = new PlainEndpoint();
            var answer = BridgeFixture.BrowserCallsPlain(bridge, browser, plain, "metrics-1", ["0 PCMU/8000"]);
            Assert.True((await browser.ConnectAsync(answer, Rethink.Ims.Media.Dtls.DtlsRole.Client)).Succeeded);
            Assert.True(bridge.TryGetCall("metrics-1", out var call));
            await MediaBridgeCallTests.WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
            browser.SendRtp(Tones.G711(AudioCodec.Pcmu, 0, 1000, 1, 5)[0]);
            browser.SendRaw([0x50, 1, 2, 3]);
            Assert.Equal(MediaBridgeStatus.CallLimitReached,
                bridge.Offer(new MediaOfferRequest("metrics-2", "f", BridgeFixture.Bytes(browser.Offer(["0 PCMU/8000"])), MediaLegProfile.Plain)).Status);
            await MediaBridgeCallTests.WaitAsync(() => plain.ReceivedRtp.Count == 1 && call.WebRtc.Counters.Garbage == 1);
            listener.RecordObservableInstruments();
            lock (counts)
            {
                Assert.Equal(1, counts["rethink.ims.media.packets|leg=webrtc|direction=in"]);
            }
        }

        // The packet totals survive the call's end (its legs' counts move into the bridge's totals).
        listener.RecordObservableInstruments();
        lock (counts)
        {
            Assert.Equal(1, counts["rethink.ims.media.calls"]);
            Assert.Equal(0, counts["rethink.ims.media.calls.active"]);
            Assert.Equal(1, counts["rethink.ims.media.calls.refused|reason=call-limit"]);
            Assert.Equal(1, counts["rethink.ims.media.calls.ended|reason=shutdown"]);
            Assert.Equal(1, counts["rethink.ims.media.packets|leg=webrtc|direction=in"]);
            Assert.Equal(1, counts["rethink.ims.media.packets|leg=plain|direction=out"]);
            Assert.Equal(1, counts["rethink.ims.media.packets.dropped|leg=webrtc|reason=garbage"]);
        }
    }

    [Fact]
    public void A_transcoded_stream_that_lost_one_or_two_packets_gets_frames_in_their_place_with_their_numbers_and_sound()
    {
        using var rtp = Bound();
        using var peer = Bound();
        var leg = new PlainLeg(rtp, null);
        leg.SetRemote((IPEndPoint)peer.LocalEndPoint!, null, rtcpMux: true);
        var time = TimeProvider.System;
        var source = LegPayloadMap.From([new PayloadFormat(111, "opus", 48000, 2)]);
        var target = LegPayloadMap.From([new PayloadFormat(0, "PCMU", 8000)]);
        var counters = new MediaLegCounters();
        using var path = new MediaRelayPath(MediaLegProfile.WebRtc, source, target, null, leg,
            new RtcpLegReporter(time), new RtcpLegReporter(time), counters, new AudioTranscoderOptions(), null);
        int[] lost = [20, 30, 31, 40, 41, 42];   // one, two (both recovered), three (left to the receiver)
        var packets = Tones.Opus(111, 440, 50, 0x77);

        var buffer = new byte[2048];
        var sent = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            if (!lost.Contains(i))
            {
                packets[i].CopyTo(buffer, 0);
                path.Forward(buffer, packets[i].Length);
                sent++;
            }
        }

        var received = new Dictionary<int, byte[]>();
        var datagram = new byte[2048];
        for (var i = 0; i < sent + 3; i++)
        {
            var n = peer.Receive(datagram);
            received[BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)) - 2000] = datagram[..n];
        }

        Assert.Equal(Enumerable.Range(0, 50).Except([40, 41, 42]), received.Keys.Order());
        Assert.Equal(3, counters.Recovered);
        var first = BinaryPrimitives.ReadUInt32BigEndian(received[0].AsSpan(4));
        foreach (var index in new[] { 20, 30, 31 })
        {
            var packet = received[index];
            Assert.Equal(first + (uint)(index * 160), BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));
            var pcm = new short[160];
            Assert.True(G711Decoder.For(AudioCodec.Pcmu).TryDecode(packet.AsSpan(12), pcm, out _));
            var rms = Math.Sqrt(pcm.Average(v => (double)v * v));
            // The first frame of a gap continues the tone; a second concealed one in a row is faded by the codec's
            // concealment (these packets carry no FEC data to rebuild it from), but is not silence (G.711 silence: < 10).
            Assert.True(rms > (index == 31 ? 50 : 1000), $"frame {index} should carry the tone, RMS {rms:F0}");
        }
    }

    [Fact]
    public void A_lost_G711_packet_towards_Opus_is_left_to_the_receivers_concealment()
    {
        using var rtp = Bound();
        using var peer = Bound();
        var leg = new PlainLeg(rtp, null);
        leg.SetRemote((IPEndPoint)peer.LocalEndPoint!, null, rtcpMux: true);
        var time = TimeProvider.System;
        var counters = new MediaLegCounters();
        using var path = new MediaRelayPath(MediaLegProfile.Plain, LegPayloadMap.From([new PayloadFormat(0, "PCMU", 8000)]),
            LegPayloadMap.From([new PayloadFormat(111, "opus", 48000, 2)]), null, leg,
            new RtcpLegReporter(time), new RtcpLegReporter(time), counters, new AudioTranscoderOptions(), null);
        var packets = Tones.G711(AudioCodec.Pcmu, 0, 440, 10, 0x78);

        var buffer = new byte[2048];
        foreach (var packet in packets.Where((_, i) => i != 5))
        {
            packet.CopyTo(buffer, 0);
            path.Forward(buffer, packet.Length);
        }

        var datagram = new byte[2048];
        var sequences = Enumerable.Range(0, 9).Select(_ => peer.Receive(datagram) > 0 ? BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)) - 1000 : -1).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 5), sequences);
        Assert.Equal(0, counters.Recovered);
        peer.ReceiveTimeout = 200;
        Assert.Throws<SocketException>(() => peer.Receive(datagram));
    }

    private static void Relay(MediaRelayPath path, byte[] buffer, byte[] packet, ushort sequence)
    {
        packet.CopyTo(buffer, 0);
        buffer[2] = (byte)(sequence >> 8);
        buffer[3] = (byte)sequence;
        path.Forward(buffer, packet.Length);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 5000;
        socket.ReceiveBufferSize = 4 << 20;
        return socket;
    }
}
