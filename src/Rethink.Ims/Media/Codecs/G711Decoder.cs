namespace Rethink.Ims.Media.Codecs;

/// <summary>G.711 decoder (PCMU or PCMA) as an <see cref="IAudioDecoder"/>.</summary>
/// <remarks>
/// G.711 has no state, so the two instances are shared and thread-safe. A lost frame is concealed
/// with silence: the G.711 Appendix I concealment is not implemented.
/// </remarks>
public sealed class G711Decoder : IAudioDecoder
{
    private G711Decoder(AudioCodec codec) => Codec = codec;

    /// <summary>The µ-law (PCMU) decoder.</summary>
    public static G711Decoder Pcmu { get; } = new(AudioCodec.Pcmu);

    /// <summary>The A-law (PCMA) decoder.</summary>
    public static G711Decoder Pcma { get; } = new(AudioCodec.Pcma);

    /// <inheritdoc />
    public AudioCodec Codec { get; }

    /// <summary>Always 8,000 Hz.</summary>
    public int SampleRate => 8000;

    /// <summary>Returns the decoder for <paramref name="codec"/>.</summary>
    /// <param name="codec"><see cref="AudioCodec.Pcmu"/> or <see cref="AudioCodec.Pcma"/>.</param>
    /// <returns>The shared decoder instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a G.711 codec.</exception>
    public static G711Decoder For(AudioCodec codec) => codec switch
    {
        AudioCodec.Pcmu => Pcmu,
        AudioCodec.Pcma => Pcma,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not a G.711 codec."),
    };

    /// <summary>Decodes every byte of the payload into one sample; fails only when <paramref name="pcm"/> is too short.</summary>
    /// <param name="payload">G.711 codes.</param>
    /// <param name="pcm">Destination.</param>
    /// <param name="samplesWritten"><c>payload.Length</c> on success.</param>
    /// <returns>Whether the payload fitted into <paramref name="pcm"/>.</returns>
    public bool TryDecode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesWritten)
    {
        if (payload.Length > pcm.Length)
        {
            samplesWritten = 0;
            return false;
        }

        if (Codec == AudioCodec.Pcmu)
        {
            MuLaw.Decode(payload, pcm);
        }
        else
        {
            ALaw.Decode(payload, pcm);
        }

        samplesWritten = payload.Length;
        return true;
    }

    /// <summary>Fills <paramref name="pcm"/> with silence.</summary>
    /// <param name="pcm">Destination; its length is the duration to conceal.</param>
    /// <returns><c>pcm.Length</c>.</returns>
    public int Conceal(Span<short> pcm)
    {
        pcm.Clear();
        return pcm.Length;
    }
}
