namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Turns RTP payloads of one codec into payloads of another, frame by frame: decode, resample,
/// encode. One instance per stream direction; it keeps codec and filter state between frames.
/// </summary>
public interface IAudioTranscoder : IDisposable
{
    /// <summary>The codec of the payloads going in.</summary>
    AudioCodec SourceCodec { get; }

    /// <summary>The codec of the payloads coming out.</summary>
    AudioCodec TargetCodec { get; }

    /// <summary>Duration of a frame made up for a lost one (<see cref="TranscodeLost(Span{byte})"/>).</summary>
    TimeSpan FrameDuration { get; }

    /// <summary>A target buffer of this many bytes holds any payload this transcoder writes.</summary>
    int MaxTargetPayloadBytes { get; }

    /// <summary>Transcodes one payload.</summary>
    /// <param name="sourcePayload">The received payload.</param>
    /// <param name="targetPayload">Destination, <see cref="MaxTargetPayloadBytes"/> long.</param>
    /// <param name="bytesWritten">Length of the payload written.</param>
    /// <returns>
    /// <see langword="false"/> when the source payload is malformed or lasts a time the target codec
    /// cannot put in one payload (say 30 ms of G.711 for Opus): the caller may send
    /// <see cref="TranscodeLost(Span{byte})"/> in its place or drop it.
    /// </returns>
    bool TryTranscode(ReadOnlySpan<byte> sourcePayload, Span<byte> targetPayload, out int bytesWritten);

    /// <summary>Writes one <see cref="FrameDuration"/> of concealment for a lost source payload.</summary>
    /// <param name="targetPayload">Destination, <see cref="MaxTargetPayloadBytes"/> long.</param>
    /// <returns>Length of the payload written.</returns>
    int TranscodeLost(Span<byte> targetPayload);

    /// <summary>
    /// Like <see cref="TranscodeLost(Span{byte})"/>, but rebuilds the lost frame from the forward error
    /// correction data in the payload that followed it when the source codec has any (Opus).
    /// Transcode <paramref name="nextSourcePayload"/> itself afterwards as usual.
    /// </summary>
    /// <param name="nextSourcePayload">The payload received after the loss.</param>
    /// <param name="targetPayload">Destination, <see cref="MaxTargetPayloadBytes"/> long.</param>
    /// <returns>Length of the payload written.</returns>
    int TranscodeLost(ReadOnlySpan<byte> nextSourcePayload, Span<byte> targetPayload);

    /// <summary>Forgets the stream (codec and filter state), keeping the configuration.</summary>
    void Reset();
}
