namespace Rethink.Ims.Media.Codecs;

/// <summary>Decodes RTP payloads of one codec into 16-bit mono PCM and conceals lost frames.</summary>
/// <remarks>A decoder may keep state between frames (Opus does): use one instance per stream.</remarks>
public interface IAudioDecoder
{
    /// <summary>The codec this decoder reads.</summary>
    AudioCodec Codec { get; }

    /// <summary>The PCM sample rate, in Hz, the decoder produces.</summary>
    int SampleRate { get; }

    /// <summary>Decodes one payload.</summary>
    /// <param name="payload">The RTP payload as received.</param>
    /// <param name="pcm">Destination; must hold the payload's duration at <see cref="SampleRate"/>.</param>
    /// <param name="samplesWritten">Number of samples written when the call succeeds.</param>
    /// <returns>
    /// <see langword="false"/> when the payload is malformed or longer than <paramref name="pcm"/>
    /// can hold: a protocol outcome the caller can answer with <see cref="Conceal"/>.
    /// </returns>
    bool TryDecode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesWritten);

    /// <summary>Fills <paramref name="pcm"/> with audio that stands in for a lost frame of that length.</summary>
    /// <param name="pcm">Destination; its length is the duration to conceal.</param>
    /// <returns>Number of samples written: <c>pcm.Length</c>.</returns>
    /// <exception cref="ArgumentException">The codec cannot conceal a stretch of that length.</exception>
    int Conceal(Span<short> pcm);
}
