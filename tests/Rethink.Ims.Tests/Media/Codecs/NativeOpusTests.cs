using Concentus;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

/// <summary>The host's libopus (when it has one) is used by default and interoperates with the managed port both ways.</summary>
public class NativeOpusTests
{
    [Fact]
    public void Codecs_use_libopus_exactly_when_the_host_has_one()
    {
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        using var decoder = new OpusAudioDecoder(8000);
        Assert.Equal(NativeOpus.IsAvailable, encoder.IsNative);
        Assert.Equal(NativeOpus.IsAvailable, decoder.IsNative);
        if (OperatingSystem.IsLinux() && File.Exists("/usr/lib/x86_64-linux-gnu/libopus.so.0") &&
            System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.True(NativeOpus.IsAvailable);
        }
    }

    [Fact]
    public void Our_encoder_output_decodes_with_the_managed_port_with_the_tone_kept()
    {
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions { SampleRate = 8000 });
        using var managed = OpusCodecFactory.CreateDecoder(48000, 1);
        var pcm = Signal.SineInt16(440, 8000, 160 * 50, 8000);
        var payload = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var output = new short[960 * 50];
        for (var f = 0; f < 50; f++)
        {
            var n = encoder.Encode(pcm.AsSpan(f * 160, 160), payload);
            Assert.Equal(960, managed.Decode(payload.AsSpan(0, n), output.AsSpan(f * 960), 960, false));
        }

        var tail = Signal.ToFloat(output.AsSpan(960 * 25));
        Assert.InRange(Signal.DominantFrequency(tail, 48000, 5), 430, 450);
    }

    [Fact]
    public void Managed_port_output_decodes_with_our_decoder_at_8_kHz_with_the_tone_kept()
    {
        using var managed = OpusCodecFactory.CreateEncoder(48000, 1, Concentus.Enums.OpusApplication.OPUS_APPLICATION_VOIP);
        managed.Bitrate = 32000;
        using var decoder = new OpusAudioDecoder(8000);
        var pcm = Signal.SineInt16(1000, 48000, 960 * 50, 8000);
        var payload = new byte[1275];
        var output = new short[160 * 50];
        for (var f = 0; f < 50; f++)
        {
            var n = managed.Encode(pcm.AsSpan(f * 960, 960), 960, payload, payload.Length);
            Assert.True(decoder.TryDecode(payload.AsSpan(0, n), output.AsSpan(f * 160, 160), out var written));
            Assert.Equal(160, written);
        }

        var tail = Signal.ToFloat(output.AsSpan(160 * 25));
        Assert.InRange(Signal.DominantFrequency(tail, 8000, 5), 990, 1010);
    }

    [Fact]
    public void Opus_PCMU_transcoding_allocates_nothing_per_frame_with_libopus_and_only_inside_the_managed_port_without()
    {
        using var toPcmu = new AudioTranscoder(AudioCodec.Opus, AudioCodec.Pcmu);
        using var toOpus = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Opus);
        using var encoder = new OpusAudioEncoder(new OpusEncoderOptions());
        var payload = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        var opus = payload.AsSpan(0, encoder.Encode(Signal.SineInt16(440, 48000, 960, 8000), payload)).ToArray();
        var pcmu = new byte[160];
        var target = new byte[toOpus.MaxTargetPayloadBytes];
        var allocated = AllocationProbe.SteadyStateAllocations(() =>
        {
            toPcmu.TryTranscode(opus, pcmu, out _);
            toOpus.TryTranscode(pcmu, target, out _);
        });
        if (NativeOpus.IsAvailable)
        {
            Assert.Equal(0, allocated);
        }
        else
        {
            Assert.True(allocated > 0);
        }
    }
}
