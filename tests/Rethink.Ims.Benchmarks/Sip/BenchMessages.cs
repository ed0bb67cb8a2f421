namespace Rethink.Ims.Benchmarks.Sip;

/// <summary>The exact bytes of /work/shared/bench-messages/*.txt, embedded in this assembly.</summary>
internal static class BenchMessages
{
    public static byte[] Load(string file)
    {
        using var stream = typeof(BenchMessages).Assembly.GetManifestResourceStream("BenchMessages." + file)
            ?? throw new InvalidOperationException("Missing embedded benchmark message " + file);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
