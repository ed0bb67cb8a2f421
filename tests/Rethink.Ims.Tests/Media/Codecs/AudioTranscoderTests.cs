using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class AudioTranscoderTests
{
    private const double Amplitude = 8000;

    private static byte[][] Pcmu(short[] signal) =>
        signal.Chunk(160).Select(frame =>
        {
            var codes = new byte[frame.Length];
            MuLaw.Encode(frame, codes);
            return codes;
        }).ToArray();

    private static byte[][] Opus(short[] signal48k, OpusEncoderOptions options)
    {
        using var encoder = new OpusAudioEncoder(options);
        var buffer = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        return signal48k.Chunk(960).Select(frame => buffer.AsSpan(0, encoder.Encode(frame, buffer)).ToArray()).ToArray();
    }

    private static List<byte[]> TranscodeAll(IAudioTranscoder transcoder, IEnumerable<byte[]> payloads)
    {
        var target = new byte[transcoder.MaxTargetPayloadBytes];
        var result = new List<byte[]>();
        foreach (byte[] payload in payloads)
        {
            Assert.True(transcoder.TryTranscode(payload, target, out int written));
            result.Add(target.AsSpan(0, written).ToArray());
        }

        return result;
    }

    private static float[] DecodeOpus(IEnumerable<byte[]> packets, int rate)
    {
        using var decoder = new OpusAudioDecoder(rate);
        var pcm = new short[decoder.MaxFrameSamples];
        var output = new List<short>();
        foreach (byte[] packet in packets)
        {
            Assert.True(decoder.TryDecode(packet, pcm, out int written));
            output.AddRange(pcm.AsSpan(0, written).ToArray());
        }

        return Signal.ToFloat(output.ToArray());
    }

    private static float[] DecodePcmu(IEnumerable<byte[]> payloads)
    {
        byte[] all = payloads.SelectMany(p => p).ToArray();
        var pcm = new short[all.Length];
        MuLaw.Decode(all, pcm);
        return Signal.ToFloat(pcm);
    }

    private static void AssertTone(float[] output, int rate, double frequency)
    {
        ReadOnlySpan<float> steady = output.AsSpan(output.Length - rate, rate);
        Assert.Equal(frequency, Signal.DominantFrequency(steady, rate, 20));
        // Perceptual coding leaves 22-31 dB SNR on a pure tone here (docs/media-codecs.md); a broken
        // pipeline (silence, wrong rate, clicks at frame edges) lands far below 18.
        double snr = Signal.SignalToNoiseDb(steady, frequency, rate);
        Assert.True(snr > 18, $"SNR {snr:F1} dB");
        Assert.InRange(Signal.Db(Signal.Amplitude(steady, frequency, rate) / Amplitude), -2, 2);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(48000)]
    public void A_PCMU_tone_transcoded_to_Opus_decodes_at_48k_with_its_frequency(int opusEncodeRate)
    {
        short[] tone = Signal.SineInt16(1000, 8000, 8000 * 3 / 2, Amplitude);
        var options = new AudioTranscoderOptions { OpusEncoder = new OpusEncoderOptions { SampleRate = opusEncodeRate } };
        using var transcoder = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Opus, options);

        List<byte[]> packets = TranscodeAll(transcoder, Pcmu(tone));

        Assert.All(packets, p => Assert.InRange(p.Length, 2, OpusAudioEncoder.MaxFramePayloadBytes));
        AssertTone(DecodeOpus(packets, 48000), 48000, 1000);
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Pcma)]
    public void A_browser_style_Opus_tone_transcoded_to_G711_keeps_its_frequency(AudioCodec target)
    {
        short[] tone = Signal.SineInt16(1000, 48000, 48000 * 3 / 2, Amplitude);
        using var transcoder = new AudioTranscoder(AudioCodec.Opus, target);

        List<byte[]> payloads = TranscodeAll(transcoder, Opus(tone, new OpusEncoderOptions { Bitrate = 32000 }));

        Assert.All(payloads, p => Assert.Equal(160, p.Length));
        byte[] all = payloads.SelectMany(p => p).ToArray();
        var pcm = new short[all.Length];
        if (target == AudioCodec.Pcmu)
        {
            MuLaw.Decode(all, pcm);
        }
        else
        {
            ALaw.Decode(all, pcm);
        }

        AssertTone(Signal.ToFloat(pcm), 8000, 1000);
    }

    [Fact]
    public void PCMU_to_Opus_and_back_keeps_the_tone()
    {
        short[] tone = Signal.SineInt16(700, 8000, 8000 * 2, Amplitude);
        using var toOpus = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Opus);
        using var toPcmu = new AudioTranscoder(AudioCodec.Opus, AudioCodec.Pcmu);

        List<byte[]> back = TranscodeAll(toPcmu, TranscodeAll(toOpus, Pcmu(tone)));

        AssertTone(DecodePcmu(back), 8000, 700);
    }

    [Property]
    public bool PCMU_to_PCMA_requantizes_within_an_A_law_step(byte[] pcmu)
    {
        using var transcoder = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Pcma);
        var pcma = new byte[transcoder.MaxTargetPayloadBytes];
        if (pcmu.Length > pcma.Length)
        {
            return !transcoder.TryTranscode(pcmu, pcma, out _);
        }

        if (!transcoder.TryTranscode(pcmu, pcma, out int written) || written != pcmu.Length)
        {
            return false;
        }

        for (int i = 0; i < written; i++)
        {
            short original = MuLaw.Decode(pcmu[i]);
            if (pcma[i] != ALaw.Encode(original))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu, AudioCodec.Opus)]
    [InlineData(AudioCodec.Opus, AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Opus, AudioCodec.Opus)]
    [InlineData(AudioCodec.Pcma, AudioCodec.Pcmu)]
    public void A_lost_frame_becomes_one_frame_of_the_target(AudioCodec source, AudioCodec target)
    {
        using var transcoder = new AudioTranscoder(source, target);
        var payload = new byte[transcoder.MaxTargetPayloadBytes];

        int written = transcoder.TranscodeLost(payload);

        if (target == AudioCodec.Opus)
        {
            using var decoder = new OpusAudioDecoder();
            Assert.True(decoder.TryDecode(payload.AsSpan(0, written), new short[decoder.MaxFrameSamples], out int samples));
            Assert.Equal(960, samples);
        }
        else
        {
            Assert.Equal(160, written);
        }
    }

    [Fact]
    public void A_lost_Opus_frame_is_rebuilt_from_the_next_packets_FEC()
    {
        // 440 Hz, then 700 Hz from frame 30, which is lost: only FEC can bring the 700 Hz back.
        short[] signal = Signal.SineInt16(440, 48000, 30 * 960, Amplitude)
            .Concat(Signal.SineInt16(700, 48000, 10 * 960, Amplitude)).ToArray();
        byte[][] packets = Opus(signal, new OpusEncoderOptions { Bitrate = 32000, UseInbandFec = true, PacketLossPercent = 20 });

        double Level700(bool useNext)
        {
            using var transcoder = new AudioTranscoder(AudioCodec.Opus, AudioCodec.Pcmu);
            TranscodeAll(transcoder, packets.Take(30));
            var lost = new byte[transcoder.MaxTargetPayloadBytes];
            int written = useNext ? transcoder.TranscodeLost(packets[31], lost) : transcoder.TranscodeLost(lost);
            Assert.Equal(160, written);
            return Signal.Amplitude(DecodePcmu([lost[..written]]), 700, 8000);
        }

        Assert.True(Level700(useNext: true) > 3 * Level700(useNext: false));
    }

    [Fact]
    public void Payloads_the_target_cannot_take_are_reported_not_thrown()
    {
        using var toOpus = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Opus);
        using var fromOpus = new AudioTranscoder(AudioCodec.Opus, AudioCodec.Pcmu);
        var target = new byte[Math.Max(toOpus.MaxTargetPayloadBytes, fromOpus.MaxTargetPayloadBytes)];

        // 30 ms of G.711 is no Opus frame duration.
        Assert.False(toOpus.TryTranscode(new byte[240], target, out int written));
        Assert.Equal(0, written);
        Assert.False(fromOpus.TryTranscode([0xFF, 0xFF, 0xFF], target, out _));
        Assert.False(fromOpus.TryTranscode([], target, out _));
    }

    [Fact]
    public void Bad_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioTranscoder(
            AudioCodec.Pcmu, AudioCodec.Opus, new AudioTranscoderOptions { FrameDuration = TimeSpan.FromMilliseconds(30) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioTranscoder(AudioCodec.Pcmu, (AudioCodec)42));
    }
}
