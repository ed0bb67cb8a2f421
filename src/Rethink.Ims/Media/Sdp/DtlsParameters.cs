using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A peer's DTLS-SRTP parameters for one m-line (RFC 5763, RFC 8842): the certificate fingerprints it
/// will present and its <c>a=setup</c> role, media level first, else session level.
/// </summary>
/// <param name="Fingerprints">The fingerprints; the certificate must match one of them.</param>
/// <param name="Setup">The announced role, or null when absent.</param>
public sealed record DtlsParameters(ImmutableArray<DtlsFingerprint> Fingerprints, DtlsSetup? Setup)
{
    /// <summary>Reads the DTLS parameters for <paramref name="media"/>; false when there is no fingerprint.</summary>
    public static bool TryGet(SessionDescription session, MediaDescription media, [NotNullWhen(true)] out DtlsParameters? parameters)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        var fingerprints = media.Fingerprints;
        if (fingerprints.IsEmpty)
        {
            fingerprints = session.Fingerprints;
        }

        parameters = fingerprints.IsEmpty ? null : new DtlsParameters(fingerprints, media.Setup ?? session.Setup);
        return parameters is not null;
    }

    /// <summary>Whether a DER certificate matches one of the fingerprints.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        foreach (var fingerprint in Fingerprints)
        {
            if (fingerprint.Matches(certificateDer))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(DtlsParameters? other) => other is not null && Setup == other.Setup && Fingerprints.SequenceEqual(other.Fingerprints);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Setup, Fingerprints.Length);
}
