namespace Rethink.Ims.Media.Sdp;

/// <summary>Whose preference orders the formats of an answer (RFC 3264 §6.1 lets the answerer choose).</summary>
public enum CodecPreference
{
    /// <summary>Keep the offer's order.</summary>
    Offerer,

    /// <summary>Use the order of our codec list (for example to put a codec that needs no transcoding first).</summary>
    Answerer,
}
