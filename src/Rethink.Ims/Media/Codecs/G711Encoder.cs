namespace Rethink.Ims.Media.Codecs;

/// <summary>G.711 encoder (PCMU or PCMA) as an <see cref="IAudioEncoder"/>.</summary>
/// <remarks>G.711 has no state, so the two instances are shared and thread-safe.</remarks>
public sealed class G711Encoder : IAudioEncoder
{
    private G711Encoder(AudioCodec codec) => Codec = codec;

    /// <summary>The µ-law (PCMU) encoder.</summary>
    public static G711Encoder Pcmu { get; } = new(AudioCodec.Pcmu);

    /// <summary>The A-law (PCMA) encoder.</summary>
    public static G711Encoder Pcma { get; } = new(AudioCodec.Pcma);

    /// <inheritdoc />
    public AudioCodec Codec { get; }

    /// <summary>Always 8,000 Hz.</summary>
    public int SampleRate => 8000;

    /// <summary>Returns the encoder for <paramref name="codec"/>.</summary>
    /// <param name="codec"><see cref="AudioCodec.Pcmu"/> or <see cref="AudioCodec.Pcma"/>.</param>
    /// <returns>The shared encoder instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a G.711 codec.</exception>
    public static G711Encoder For(AudioCodec codec) => codec switch
    {
        AudioCodec.Pcmu => Pcmu,
        AudioCodec.Pcma => Pcma,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not a G.711 codec."),
    };

    /// <summary>Encodes any number of samples, one byte each.</summary>
    /// <param name="pcm">Samples at 8 kHz.</param>
    /// <param name="payload">Destination; at least <c>pcm.Length</c> bytes.</param>
    /// <returns><c>pcm.Length</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is too small.</exception>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (Codec == AudioCodec.Pcmu)
        {
            MuLaw.Encode(pcm, payload);
        }
        else
        {
            ALaw.Encode(pcm, payload);
        }

        return pcm.Length;
    }
}
