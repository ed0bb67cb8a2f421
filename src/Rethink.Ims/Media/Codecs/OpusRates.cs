namespace Rethink.Ims.Media.Codecs;

// Sample rates and frame durations Opus accepts.
internal static class OpusRates
{
    // 120 ms, the longest an Opus packet can last.
    public const int MaxPacketMilliseconds = 120;

    public static bool IsSupported(int sampleRate) =>
        sampleRate is 8000 or 12000 or 16000 or 24000 or 48000;

    public static void ThrowIfUnsupported(int sampleRate, string parameterName)
    {
        if (!IsSupported(sampleRate))
        {
            throw new ArgumentOutOfRangeException(parameterName, sampleRate, "Opus runs at 8, 12, 16, 24 or 48 kHz.");
        }
    }

    // 2.5, 5, 10, 20, 40 or 60 ms: a multiple of 2.5 ms that, in units of 2.5 ms, is 1, 2, 4, 8, 16 or 24.
    public static bool IsFrameLength(int samples, int sampleRate)
    {
        int unit = sampleRate / 400;
        if (samples <= 0 || samples % unit != 0)
        {
            return false;
        }

        int units = samples / unit;
        return units is 1 or 2 or 4 or 8 or 16 or 24;
    }

    // Concealment and FEC decode whole multiples of 2.5 ms.
    public static bool IsConcealLength(int samples, int sampleRate)
    {
        int unit = sampleRate / 400;
        return samples > 0 && samples % unit == 0 && samples <= sampleRate * MaxPacketMilliseconds / 1000;
    }
}
