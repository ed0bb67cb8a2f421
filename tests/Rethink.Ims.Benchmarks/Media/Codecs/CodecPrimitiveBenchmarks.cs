using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>The building blocks on one 20 ms frame: G.711 companding and resampling.</summary>
[MemoryDiagnoser]
public class CodecPrimitiveBenchmarks
{
    private readonly short[] _narrow = SpeechLikeSignal.Create(8000, 0.02);
    private readonly short[] _wide = SpeechLikeSignal.Create(48000, 0.02);
    private readonly short[] _narrowOut = new short[160];
    private readonly short[] _wideOut = new short[960];
    private readonly byte[] _codes = new byte[160];
    private readonly PolyphaseResampler _down = new(48000, 8000);
    private readonly PolyphaseResampler _up = new(8000, 48000);

    [Benchmark]
    public void MuLawEncode() => MuLaw.Encode(_narrow, _codes);

    [Benchmark]
    public void MuLawDecode() => MuLaw.Decode(_codes, _narrowOut);

    [Benchmark]
    public void ALawEncode() => ALaw.Encode(_narrow, _codes);

    [Benchmark]
    public void ALawDecode() => ALaw.Decode(_codes, _narrowOut);

    [Benchmark]
    public int Resample48kTo8k() => _down.Process(_wide, _narrowOut);

    [Benchmark]
    public int Resample8kTo48k() => _up.Process(_narrow, _wideOut);
}
