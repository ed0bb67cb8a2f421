using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>
/// One 20 ms frame through the media bridge's transcoders: PCMU (IMS leg) to Opus (browser leg),
/// Opus to PCMU, and the pair. "Streams/core" is 1 / (50 x time per operation), by wall time and by
/// CPU time: for the pair, the number of two-way calls one core sustains.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamsPerCoreConfig))]
public class TranscodeBenchmarks
{
    private const int Frames = 50;

    private byte[][] _pcmu = [];
    private byte[][] _opus = [];
    private byte[] _target = [];
    private AudioTranscoder _toOpus = null!;
    private AudioTranscoder _toPcmu = null!;
    private int _next;

    /// <summary>
    /// Opus encoder on the PCMU-to-Opus side: the default (8 kHz input, so no resampling, complexity 5),
    /// the most expensive complexity, and 48 kHz input behind the 8-to-48 kHz resampler.
    /// </summary>
    public static IEnumerable<EncoderSetting> Settings =>
    [
        new(8000, 5),
        new(8000, 10),
        new(48000, 5),
    ];

    [ParamsSource(nameof(Settings))]
    public EncoderSetting Encoder { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        short[] narrow = SpeechLikeSignal.Create(8000, 1);
        _pcmu = narrow.Chunk(160).Select(frame =>
        {
            var codes = new byte[160];
            MuLaw.Encode(frame, codes);
            return codes;
        }).ToArray();

        // What a browser sends: 48 kHz VOIP at 32 kbit/s (hybrid packets), complexity 9.
        short[] wide = SpeechLikeSignal.Create(48000, 1);
        using var browser = new OpusAudioEncoder(new OpusEncoderOptions { Bitrate = 32000, Complexity = 9 });
        var buffer = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
        _opus = wide.Chunk(960).Select(frame => buffer.AsSpan(0, browser.Encode(frame, buffer)).ToArray()).ToArray();

        var options = new AudioTranscoderOptions
        {
            OpusEncoder = new OpusEncoderOptions { SampleRate = Encoder.SampleRate, Complexity = Encoder.Complexity },
        };
        _toOpus = new AudioTranscoder(AudioCodec.Pcmu, AudioCodec.Opus, options);
        _toPcmu = new AudioTranscoder(AudioCodec.Opus, AudioCodec.Pcmu, options);
        _target = new byte[Math.Max(_toOpus.MaxTargetPayloadBytes, _toPcmu.MaxTargetPayloadBytes)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _toOpus.Dispose();
        _toPcmu.Dispose();
    }

    [Benchmark]
    public int PcmuToOpus()
    {
        int frame = _next++ % Frames;
        _toOpus.TryTranscode(_pcmu[frame], _target, out int written);
        return written;
    }

    [Benchmark]
    public int OpusToPcmu()
    {
        int frame = _next++ % Frames;
        _toPcmu.TryTranscode(_opus[frame], _target, out int written);
        return written;
    }

    [Benchmark]
    public int FramePair()
    {
        int frame = _next++ % Frames;
        _toOpus.TryTranscode(_pcmu[frame], _target, out int toOpus);
        _toPcmu.TryTranscode(_opus[frame], _target, out int toPcmu);
        return toOpus + toPcmu;
    }
}
