using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

// The parts that are ours allocate nothing per frame once warmed up (the managed Opus codec does,
// inside Concentus; that is measured by the benchmarks, not asserted here).
public class AllocationTests
{
    [Fact]
    public void G711_span_functions_allocate_nothing()
    {
        var pcm = new short[160];
        var codes = new byte[160];

        Assert.Equal(0, AllocationProbe.SteadyStateAllocations(() =>
        {
            MuLaw.Encode(pcm, codes);
            MuLaw.Decode(codes, pcm);
            ALaw.Encode(pcm, codes);
            ALaw.Decode(codes, pcm);
        }));
    }

    [Fact]
    public void Resampling_a_frame_allocates_nothing()
    {
        var down = new PolyphaseResampler(48000, 8000);
        var up = new PolyphaseResampler(8000, 48000);
        var wide = new short[960];
        var narrow = new short[160];
        var wideFloat = new float[960];
        var narrowFloat = new float[160];

        Assert.Equal(0, AllocationProbe.SteadyStateAllocations(() =>
        {
            down.Process(wide, narrow);
            up.Process(narrow, wide);
            down.Process(wideFloat, narrowFloat);
            up.Process(narrowFloat, wideFloat);
        }));
    }

    [Fact]
    public void Transcoding_between_G711_laws_allocates_nothing()
    {
        using var transcoder = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Pcma);
        var source = new byte[160];
        var target = new byte[transcoder.MaxTargetPayloadBytes];

        Assert.Equal(0, AllocationProbe.SteadyStateAllocations(() => transcoder.TryTranscode(source, target, out _)));
    }
}
