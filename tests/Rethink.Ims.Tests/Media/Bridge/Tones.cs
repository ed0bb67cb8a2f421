using System.Buffers.Binary;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Tests.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>Tone streams as RTP packets, and the frequency heard in received ones.</summary>
internal static class Tones
{
    public const double Amplitude = 8000;

    public static byte[] Rtp(int payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var packet = new byte[12 + payload.Length];
        new RtpHeader(payloadType, sequence, timestamp, ssrc, marker).TryWrite(packet, out _);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    /// <summary>20 ms G.711 packets of a sine.</summary>
    public static List<byte[]> G711(AudioCodec codec, int payloadType, double frequency, int count, uint ssrc)
    {
        var pcm = Signal.SineInt16(frequency, 8000, 160 * count, Amplitude);
        var packets = new List<byte[]>();
        var payload = new byte[160];
        for (var i = 0; i < count; i++)
        {
            G711Encoder.For(codec).Encode(pcm.AsSpan(i * 160, 160), payload);
            packets.Add(Rtp(payloadType, (ushort)(1000 + i), (uint)(i * 160), ssrc, payload));
        }

        return packets;
    }

    /// <summary>20 ms Opus packets (48 kHz, as a browser sends) of a sine.</summary>
    public static List<byte[]> Opus(int payloadType, double frequency, int count, uint ssrc)
    {
        var pcm = Signal.SineInt16(frequency, 48000, 960 * count, Amplitude);
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        var packets = new List<byte[]>();
        var payload = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        for (var i = 0; i < count; i++)
        {
            var n = encoder.Encode(pcm.AsSpan(i * 960, 960), payload);
            packets.Add(Rtp(payloadType, (ushort)(2000 + i), (uint)(i * 960), ssrc, payload.AsSpan(0, n)));
        }

        return packets;
    }

    /// <summary>The dominant frequency of the last half second of received G.711 packets (in order of sequence).</summary>
    public static double G711Frequency(IEnumerable<byte[]> packets, AudioCodec codec)
    {
        var samples = new List<float>();
        foreach (var packet in Ordered(packets))
        {
            Assert.True(RtpPacket.TryParse(packet, out var rtp));
            var pcm = new short[rtp.Payload.Length];
            Assert.True(G711Decoder.For(codec).TryDecode(rtp.Payload, pcm, out var n));
            samples.AddRange(Signal.ToFloat(pcm.AsSpan(0, n)));
        }

        return Signal.DominantFrequency(samples.ToArray().AsSpan(Math.Max(0, samples.Count - 4000)), 8000, 20);
    }

    /// <summary>The dominant frequency of the last half second of received Opus packets, decoded at 48 kHz.</summary>
    public static double OpusFrequency(IEnumerable<byte[]> packets)
    {
        using var decoder = new OpusAudioDecoder(48000);
        var samples = new List<float>();
        var pcm = new short[5760];
        foreach (var packet in Ordered(packets))
        {
            Assert.True(RtpPacket.TryParse(packet, out var rtp));
            Assert.True(decoder.TryDecode(rtp.Payload, pcm, out var n));
            samples.AddRange(Signal.ToFloat(pcm.AsSpan(0, n)));
        }

        return Signal.DominantFrequency(samples.ToArray().AsSpan(Math.Max(0, samples.Count - 24000)), 48000, 20);
    }

    public static int PayloadType(byte[] packet) => packet[1] & 0x7F;

    private static IEnumerable<byte[]> Ordered(IEnumerable<byte[]> packets) =>
        packets.OrderBy(p => BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2)));
}
