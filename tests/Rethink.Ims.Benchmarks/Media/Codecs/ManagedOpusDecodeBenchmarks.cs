using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>
/// One 20 ms Opus frame decoded to 8 kHz (a G.711 target) by the managed codec (Concentus, forced even where libopus
/// is installed), for the three streams a browser sends: fullband hybrid (no <c>maxplaybackrate</c>; the decoder runs
/// at 48 kHz and resamples), and SILK-only wideband or narrowband (<c>maxplaybackrate</c> 16000 or 8000; decoded
/// straight at 8 kHz).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamsPerCoreConfig))]
public class ManagedOpusDecodeBenchmarks
{
    private const int Frames = 50;

    private byte[][] _packets = [];
    private short[] _pcm = [];
    private OpusAudioDecoder _decoder = null!;
    private int _next;

    /// <summary>The browser's stream: bandwidth and Chrome's default bitrate for it.</summary>
    [Params("fullband 32k", "wideband 20k", "narrowband 12k")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (bandwidth, bitrate) = Input switch
        {
            "wideband 20k" => ((OpusBandwidth?)OpusBandwidth.Wideband, 20000),
            "narrowband 12k" => (OpusBandwidth.Narrowband, 12000),
            _ => (null, 32000),
        };
        short[] wide = SpeechLikeSignal.Create(48000, 1);
        using var browser = new OpusAudioEncoder(new OpusEncoderOptions { MaxBandwidth = bandwidth, Bitrate = bitrate, Complexity = 9 });
        var buffer = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        _packets = wide.Chunk(960).Take(Frames).Select(frame => buffer.AsSpan(0, browser.Encode(frame, buffer)).ToArray()).ToArray();
        _decoder = new OpusAudioDecoder(8000, ResamplerOptions.Default, native: false);
        _pcm = new short[_decoder.MaxFrameSamples];
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark]
    public int DecodeTo8kHz()
    {
        _decoder.TryDecode(_packets[_next++ % Frames], _pcm, out int written);
        return written;
    }
}
