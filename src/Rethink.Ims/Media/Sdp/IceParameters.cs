using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A peer's ICE parameters for one m-line, as an ICE agent needs them: ufrag and password (media level,
/// else session level), whether the peer is ICE-lite, its ICE options, its candidates and whether it has
/// sent them all. The password is a secret and is not in <see cref="ToString"/>.
/// </summary>
/// <param name="Ufrag">The peer's <c>a=ice-ufrag</c>.</param>
/// <param name="Password">The peer's <c>a=ice-pwd</c>. Secret.</param>
/// <param name="Lite">Whether the session has <c>a=ice-lite</c>.</param>
/// <param name="Options">The <c>a=ice-options</c> tokens (media level, else session level).</param>
/// <param name="Candidates">The m-line's candidates that parse.</param>
/// <param name="EndOfCandidates">Whether <c>a=end-of-candidates</c> is present.</param>
public sealed record IceParameters(
    string Ufrag, string Password, bool Lite, ImmutableArray<string> Options, ImmutableArray<IceCandidate> Candidates, bool EndOfCandidates)
{
    /// <summary>Reads the ICE parameters for <paramref name="media"/>; false when it has no ufrag or password.</summary>
    public static bool TryGet(SessionDescription session, MediaDescription media, [NotNullWhen(true)] out IceParameters? parameters)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        var ufrag = media.IceUfrag ?? session.IceUfrag;
        var password = media.IcePwd ?? session.IcePwd;
        if (ufrag is null || password is null)
        {
            parameters = null;
            return false;
        }

        var options = media.IceOptions;
        parameters = new IceParameters(ufrag, password, session.IceLite, options.IsEmpty ? session.IceOptions : options, media.Candidates, media.EndOfCandidates);
        return true;
    }

    /// <summary>Everything but the password.</summary>
    public override string ToString() =>
        $"IceParameters {{ Ufrag = {Ufrag}, Password = [redacted], Lite = {Lite}, Options = [{string.Join(' ', Options)}], Candidates = {Candidates.Length}, EndOfCandidates = {EndOfCandidates} }}";

    /// <inheritdoc />
    public bool Equals(IceParameters? other) =>
        other is not null && Ufrag == other.Ufrag && Password == other.Password && Lite == other.Lite &&
        Options.SequenceEqual(other.Options) && Candidates.SequenceEqual(other.Candidates) && EndOfCandidates == other.EndOfCandidates;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Ufrag, Lite, Candidates.Length);
}
