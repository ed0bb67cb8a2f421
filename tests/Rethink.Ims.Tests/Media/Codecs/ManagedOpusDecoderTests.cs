using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

/// <summary>
/// The managed (Concentus) decoder below 48 kHz: SILK-only and CELT-only packets straight at the output rate, hybrid
/// packets at 48 kHz through the resampler from the first one on. Forced managed, so these run on hosts with libopus too.
/// </summary>
public class ManagedOpusDecoderTests
{
    private const double Amplitude = 8000;

    private static OpusAudioDecoder Managed(int rate) => new(rate, ResamplerOptions.Default, native: false);

    // Encodes the tone (48 kHz input) with the given encoder and decodes every packet; returns the decoded audio and
    // the TOC configuration of the last packet.
    private static (float[] Output, int Config) Run(OpusAudioEncoder encoder, OpusAudioDecoder decoder, short[] input)
    {
        var packet = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var pcm = new short[decoder.SampleRate / 50];
        var output = new List<short>();
        int config = -1;
        for (int offset = 0; offset + 960 <= input.Length; offset += 960)
        {
            int length = encoder.Encode(input.AsSpan(offset, 960), packet);
            config = packet[0] >> 3;
            Assert.True(decoder.TryDecode(packet.AsSpan(0, length), pcm, out int written));
            Assert.Equal(pcm.Length, written);
            output.AddRange(pcm);
        }

        return (Signal.ToFloat(output.ToArray()), config);
    }

    private static void AssertTone(ReadOnlySpan<float> steady, int rate)
    {
        Assert.InRange(Signal.DominantFrequency(steady, rate, 5), 435, 445);
        double snr = Signal.SignalToNoiseDb(steady, 440, rate);
        Assert.True(snr > 18, $"SNR {snr:F1} dB");
        Assert.InRange(Signal.Db(Signal.Amplitude(steady, 440, rate) / Amplitude), -2, 2);
    }

    [Theory]
    [InlineData(OpusBandwidth.Narrowband, 12000, 8000)]
    [InlineData(OpusBandwidth.Wideband, 20000, 8000)]
    [InlineData(OpusBandwidth.Wideband, 20000, 16000)]
    public void Silk_only_packets_decode_straight_at_the_output_rate_with_the_tone_kept(OpusBandwidth bandwidth, int bitrate, int rate)
    {
        // What a browser sends for maxplaybackrate 8000 / 16000: SILK-only packets, TOC configurations 0-11.
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions { MaxBandwidth = bandwidth, Bitrate = bitrate });
        using var decoder = Managed(rate);

        var (output, config) = Run(encoder, decoder, Signal.SineInt16(440, 48000, 48000 * 3 / 2, Amplitude));

        Assert.InRange(config, 0, 11);
        Assert.False(decoder.DecodesAt48kHz);
        AssertTone(output.AsSpan(output.Length - rate, rate), rate);
    }

    [Fact]
    public void Hybrid_packets_switch_the_decoder_to_48kHz_for_good_without_losing_the_tone()
    {
        using var silk = new OpusAudioEncoder(new OpusEncoderOptions { MaxBandwidth = OpusBandwidth.Wideband, Bitrate = 20000 });
        using var hybrid = new OpusAudioEncoder(new OpusEncoderOptions { Bitrate = 32000 });
        using var decoder = Managed(8000);
        short[] input = Signal.SineInt16(440, 48000, 48000 * 3, Amplitude);

        var (first, silkConfig) = Run(silk, decoder, input[..48000]);
        Assert.InRange(silkConfig, 0, 11);
        Assert.False(decoder.DecodesAt48kHz);

        var (second, hybridConfig) = Run(hybrid, decoder, input[48000..96000]);
        Assert.InRange(hybridConfig, 12, 15);
        Assert.True(decoder.DecodesAt48kHz);

        // SILK-only packets after the switch stay on the 48 kHz decoder (one switch per stream).
        var (third, _) = Run(silk, decoder, input[96000..]);
        Assert.True(decoder.DecodesAt48kHz);

        AssertTone(first.AsSpan(4000), 8000);
        AssertTone(second.AsSpan(4000), 8000);
        AssertTone(third.AsSpan(4000), 8000);

        // Concealment after the switch comes from the 48 kHz decoder and continues the tone.
        var lost = new short[160];
        Assert.Equal(160, decoder.Conceal(lost));
        Assert.True(Signal.Rms(Signal.ToFloat(lost)) > Amplitude / 10);

        decoder.Reset();
        Assert.False(decoder.DecodesAt48kHz);
    }

    [Fact]
    public void A_48kHz_managed_decoder_has_one_path()
    {
        using var decoder = Managed(48000);
        Assert.False(decoder.IsNative);
        Assert.True(decoder.DecodesAt48kHz);
    }

    [Fact]
    public void Fec_in_a_silk_only_packet_rebuilds_the_lost_frame_at_8kHz()
    {
        // Expected loss makes the encoder add FEC; the lost frame's tone changes to 1 kHz, which concealment cannot guess.
        using var encoder = new OpusAudioEncoder(
            new OpusEncoderOptions { MaxBandwidth = OpusBandwidth.Wideband, Bitrate = 20000, PacketLossPercent = 20 });
        using var decoder = Managed(8000);
        var packets = new List<byte[]>();
        var payload = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        for (int f = 0; f < 30; f++)
        {
            short[] frame = Signal.SineInt16(f == 25 ? 1000 : 440, 48000, 960, Amplitude);
            packets.Add(payload.AsSpan(0, encoder.Encode(frame, payload)).ToArray());
        }

        var pcm = new short[160];
        for (int f = 0; f < 25; f++)
        {
            Assert.True(decoder.TryDecode(packets[f], pcm, out _));
        }

        Assert.True(decoder.TryRecover(packets[26], pcm, out int recovered));
        Assert.Equal(160, recovered);
        Assert.False(decoder.DecodesAt48kHz);
        float[] rebuilt = Signal.ToFloat(pcm);
        Assert.True(Signal.Amplitude(rebuilt, 1000, 8000) > Signal.Amplitude(rebuilt, 440, 8000), "FEC should bring back the 1 kHz frame");
    }
}
