namespace Rethink.Ims.Media.Control;

/// <summary>
/// The <c>codec</c> dictionary of an offer (Kamailio flags <c>codec-strip=</c>, <c>codec-offer=</c>,
/// <c>codec-transcode=</c>, <c>codec-mask=</c>, <c>codec-set=</c>, <c>codec-except=</c>), merged with the
/// equivalent <c>codec-OPERATION-CODEC</c> entries of the <c>flags</c> list. Codec names are as sent
/// (<c>PCMU</c>, <c>opus</c>, <c>opus/48000/2</c>, <c>all</c>, ...).
/// </summary>
public sealed class NgCodecOptions
{
    /// <summary>No codec manipulation.</summary>
    public static NgCodecOptions Empty { get; } = new();

    /// <summary><c>strip</c>: remove these codecs (<c>all</c> removes every one).</summary>
    public IReadOnlyList<string> Strip { get; init; } = [];

    /// <summary><c>offer</c>: keep only these (after a strip), in this order.</summary>
    public IReadOnlyList<string> Offer { get; init; } = [];

    /// <summary><c>transcode</c>: offer these too, transcoding when the peer picks one it was not offered.</summary>
    public IReadOnlyList<string> Transcode { get; init; } = [];

    /// <summary><c>mask</c>: hide these from the recipient but still accept them from the offerer.</summary>
    public IReadOnlyList<string> Mask { get; init; } = [];

    /// <summary><c>set</c>: codec options such as bit rates for implicitly accepted codecs.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary><c>except</c>: keep these when everything else is stripped.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary><c>accept</c>: offer these and accept them for transcoding even if the peer rejects them.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary><c>consume</c>: like mask, and always engage transcoding.</summary>
    public IReadOnlyList<string> Consume { get; init; } = [];

    /// <summary>True when no list has an entry.</summary>
    public bool IsEmpty =>
        Strip.Count + Offer.Count + Transcode.Count + Mask.Count + Set.Count + Except.Count + Accept.Count + Consume.Count == 0;
}
