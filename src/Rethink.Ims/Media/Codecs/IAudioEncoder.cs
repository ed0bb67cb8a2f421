namespace Rethink.Ims.Media.Codecs;

/// <summary>Encodes frames of 16-bit mono PCM into RTP payloads of one codec.</summary>
/// <remarks>An encoder may keep state between frames (Opus does): use one instance per stream.</remarks>
public interface IAudioEncoder
{
    /// <summary>The codec this encoder produces.</summary>
    AudioCodec Codec { get; }

    /// <summary>The PCM sample rate, in Hz, the encoder takes.</summary>
    int SampleRate { get; }

    /// <summary>Encodes one frame.</summary>
    /// <param name="pcm">One frame of samples at <see cref="SampleRate"/>.</param>
    /// <param name="payload">Destination for the RTP payload.</param>
    /// <returns>Number of bytes written to <paramref name="payload"/>.</returns>
    /// <exception cref="ArgumentException">
    /// The frame length is not one the codec can encode, or <paramref name="payload"/> is too small.
    /// </exception>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);
}
