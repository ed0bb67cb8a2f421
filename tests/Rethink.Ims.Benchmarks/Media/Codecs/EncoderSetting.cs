namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>Sample rate and complexity of the Opus encoder in a benchmark case.</summary>
public readonly record struct EncoderSetting(int SampleRate, int Complexity)
{
    public override string ToString() => $"{SampleRate / 1000}kHz c{Complexity}";
}
