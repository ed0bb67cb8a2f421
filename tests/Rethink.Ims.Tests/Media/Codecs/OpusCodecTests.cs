using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class OpusCodecTests
{
    private const double Amplitude = 8000;

    // Encodes `seconds` of the signal in 20 ms frames and decodes every packet; returns the decoded audio.
    private static float[] RoundTrip(short[] input, int encodeRate, int decodeRate, OpusEncoderOptions? options = null)
    {
        using var encoder = new OpusAudioEncoder((options ?? new OpusEncoderOptions()) with { SampleRate = encodeRate });
        using var decoder = new OpusAudioDecoder(decodeRate);
        int frame = encodeRate / 50;
        var packet = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var pcm = new short[decoder.MaxFrameSamples];
        var output = new List<short>();
        for (int offset = 0; offset + frame <= input.Length; offset += frame)
        {
            int length = encoder.Encode(input.AsSpan(offset, frame), packet);
            Assert.True(decoder.TryDecode(packet.AsSpan(0, length), pcm, out int written));
            Assert.Equal(decodeRate / 50, written);
            output.AddRange(pcm.AsSpan(0, written).ToArray());
        }

        return Signal.ToFloat(output.ToArray());
    }

    [Theory]
    [InlineData(48000, 48000)]
    [InlineData(48000, 8000)]
    [InlineData(8000, 48000)]
    [InlineData(16000, 16000)]
    public void A_440Hz_tone_survives_encoding_and_decoding(int encodeRate, int decodeRate)
    {
        short[] input = Signal.SineInt16(440, encodeRate, encodeRate * 3 / 2, Amplitude);

        float[] output = RoundTrip(input, encodeRate, decodeRate);

        // The last second: a whole number of 440 Hz periods, well past the codec's start-up.
        ReadOnlySpan<float> steady = output.AsSpan(output.Length - decodeRate, decodeRate);
        Assert.Equal(440, Signal.DominantFrequency(steady, decodeRate, 20));
        // 22-28 dB measured (docs/media-codecs.md); 18 leaves room without letting a broken decode pass.
        double snr = Signal.SignalToNoiseDb(steady, 440, decodeRate);
        Assert.True(snr > 18, $"SNR {snr:F1} dB");
        Assert.InRange(Signal.Db(Signal.Amplitude(steady, 440, decodeRate) / Amplitude), -2, 2);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Hybrid_mode_packets_decode_with_sound_below_48kHz(int decodeRate)
    {
        // Browsers' default (VOIP, 32 kbit/s, 48 kHz) gives hybrid SILK+CELT packets, TOC configs 12-15,
        // which Concentus 2.2.2 alone decodes to silence below 48 kHz.
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions { Bitrate = 32000 });
        using var decoder = new OpusAudioDecoder(decodeRate);
        short[] input = Signal.SineInt16(440, 48000, 48000, Amplitude);
        var packet = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var pcm = new short[decodeRate / 50];
        var output = new List<short>();
        int config = 0;
        for (int offset = 0; offset < input.Length; offset += 960)
        {
            int length = encoder.Encode(input.AsSpan(offset, 960), packet);
            config = packet[0] >> 3;
            Assert.True(decoder.TryDecode(packet.AsSpan(0, length), pcm, out int written));
            Assert.Equal(pcm.Length, written);
            output.AddRange(pcm);
        }

        Assert.InRange(config, 12, 15);
        float[] steady = Signal.ToFloat(output.ToArray().AsSpan(decodeRate / 2).ToArray());
        Assert.InRange(Signal.Db(Signal.Amplitude(steady, 440, decodeRate) / Amplitude), -2, 2);

        // Concealment at the lower rate goes through the same path.
        Assert.Equal(pcm.Length, decoder.Conceal(pcm));
        Assert.True(Signal.Rms(Signal.ToFloat(pcm)) > Amplitude / 10);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(480)]
    [InlineData(1920)]
    [InlineData(2880)]
    public void Every_opus_frame_duration_encodes_and_decodes_to_its_length(int frame)
    {
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        using var decoder = new OpusAudioDecoder();
        short[] input = Signal.SineInt16(440, 48000, frame, Amplitude);
        var packet = new byte[3 * OpusAudioEncoder.MaxFramePayloadBytes];
        var pcm = new short[decoder.MaxFrameSamples];

        int length = encoder.Encode(input, packet);

        Assert.True(decoder.TryDecode(packet.AsSpan(0, length), pcm, out int written));
        Assert.Equal(frame, written);
    }

    [Fact]
    public void Concealment_continues_the_signal_and_decoding_resumes_after_it()
    {
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        using var decoder = new OpusAudioDecoder();
        short[] input = Signal.SineInt16(440, 48000, 48000, Amplitude);
        var packet = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var pcm = new short[960];
        for (int offset = 0; offset < 20 * 960; offset += 960)
        {
            int length = encoder.Encode(input.AsSpan(offset, 960), packet);
            Assert.True(decoder.TryDecode(packet.AsSpan(0, length), pcm, out _));
        }

        // Packet 20 is lost.
        encoder.Encode(input.AsSpan(20 * 960, 960), packet);
        Assert.Equal(960, decoder.Conceal(pcm));
        float[] concealed = Signal.ToFloat(pcm);
        Assert.True(Signal.Rms(concealed) > Amplitude / 10, "concealment should extrapolate, not fall silent");

        int next = encoder.Encode(input.AsSpan(21 * 960, 960), packet);
        Assert.True(decoder.TryDecode(packet.AsSpan(0, next), pcm, out int written));
        Assert.Equal(960, written);
    }

    [Fact]
    public void Fec_in_the_next_packet_rebuilds_a_lost_frame_better_than_concealment()
    {
        // 440 Hz, then 700 Hz from frame 30 on: concealment of lost frame 30 can only extrapolate 440 Hz,
        // the next packet's FEC copy carries the 700 Hz that was really sent.
        short[] input = Signal.SineInt16(440, 48000, 30 * 960, Amplitude)
            .Concat(Signal.SineInt16(700, 48000, 10 * 960, Amplitude)).ToArray();
        // FEC needs SILK with enough bits to spare: at 48 kHz input that takes about 32 kbit/s.
        var options = new OpusEncoderOptions { Bitrate = 32000, UseInbandFec = true, PacketLossPercent = 20 };
        using var encoder = new OpusAudioEncoder(options);
        var packets = new List<byte[]>();
        var buffer = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        for (int offset = 0; offset < input.Length; offset += 960)
        {
            packets.Add(buffer.AsSpan(0, encoder.Encode(input.AsSpan(offset, 960), buffer)).ToArray());
        }

        float[] recovered = DecodeWithLoss(packets, lost: 30, useFec: true);
        float[] concealed = DecodeWithLoss(packets, lost: 30, useFec: false);

        double fecLevel = Signal.Amplitude(recovered, 700, 48000);
        double plcLevel = Signal.Amplitude(concealed, 700, 48000);
        Assert.True(fecLevel > Amplitude / 4, $"FEC 700 Hz level {fecLevel:F0}");
        Assert.True(fecLevel > 3 * plcLevel, $"FEC {fecLevel:F0} vs PLC {plcLevel:F0}");
    }

    // Decodes all packets, treating `lost` as lost; returns the 20 ms rebuilt in its place.
    private static float[] DecodeWithLoss(List<byte[]> packets, int lost, bool useFec)
    {
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[960];
        var rebuilt = new short[960];
        for (int i = 0; i < packets.Count; i++)
        {
            if (i == lost)
            {
                if (useFec)
                {
                    Assert.True(decoder.TryRecover(packets[i + 1], rebuilt, out int recovered));
                    Assert.Equal(960, recovered);
                }
                else
                {
                    decoder.Conceal(rebuilt);
                }

                continue;
            }

            Assert.True(decoder.TryDecode(packets[i], pcm, out _));
        }

        return Signal.ToFloat(rebuilt);
    }

    [Fact]
    public void A_malformed_packet_is_reported_not_thrown()
    {
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[decoder.MaxFrameSamples];

        Assert.False(decoder.TryDecode([], pcm, out _));
        // Code 3 (arbitrary frame count) with zero frames is invalid (RFC 6716 section 3.2.5).
        Assert.False(decoder.TryDecode([0x03, 0x00], pcm, out _));
        Assert.False(decoder.TryDecode([0xFF, 0xFF, 0xFF], pcm, out _));
    }

    [Fact]
    public void A_packet_longer_than_the_buffer_is_reported_not_truncated()
    {
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        using var decoder = new OpusAudioDecoder();
        var packet = new byte[3 * OpusAudioEncoder.MaxFramePayloadBytes];
        int length = encoder.Encode(new short[1920], packet);

        Assert.False(decoder.TryDecode(packet.AsSpan(0, length), new short[960], out int written));
        Assert.Equal(0, written);
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_bytes_never_make_the_decoder_throw(byte[] payload)
    {
        using var decoder = new OpusAudioDecoder(8000);
        var pcm = new short[decoder.MaxFrameSamples];
        bool decoded = decoder.TryDecode(payload, pcm, out int written);
        return decoded ? written > 0 && written <= pcm.Length : written == 0;
    }

    [Fact]
    public void Bad_settings_and_frame_lengths_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusAudioEncoder(new OpusEncoderOptions { SampleRate = 44100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusAudioEncoder(new OpusEncoderOptions { Complexity = 11 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusAudioDecoder(22050));

        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[1000], new byte[1275]));
        using var decoder = new OpusAudioDecoder();
        Assert.Throws<ArgumentException>(() => decoder.Conceal(new short[100]));
    }
}
