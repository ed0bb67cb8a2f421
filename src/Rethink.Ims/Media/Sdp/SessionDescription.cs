using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866): the session-level lines and the media descriptions, in
/// the order RFC 8866 §5 fixes. Immutable; edit with <c>with</c> or the <c>With...</c> methods.
/// Unknown attributes are kept verbatim, so <see cref="SdpParser"/> then <see cref="SdpWriter"/> gives the
/// same bytes back for well-formed CRLF input. <see cref="ToString"/> redacts secrets; <see cref="ToSdp"/>
/// is the text to send.
/// </summary>
public sealed record SessionDescription
{
    private readonly int version;
    private readonly string sessionName = "-";
    private readonly string? information;
    private readonly string? uri;
    private readonly ImmutableArray<string> emails = [];
    private readonly ImmutableArray<string> phones = [];
    private readonly ImmutableArray<SdpBandwidth> bandwidths = [];
    private readonly ImmutableArray<SdpTiming> timings = [SdpTiming.Unbounded];
    private readonly string? timeZones;
    private readonly string? encryptionKey;
    private readonly ImmutableArray<SdpAttributeLine> attributes = [];
    private readonly ImmutableArray<MediaDescription> media = [];

    /// <summary>Creates a description with <c>s=-</c>, <c>t=0 0</c> and nothing else but the origin.</summary>
    public SessionDescription(SdpOrigin origin) => Origin = origin;

    /// <summary>The <c>v=</c> protocol version (0).</summary>
    public int Version { get => version; init => version = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Version)); }

    /// <summary>The <c>o=</c> line.</summary>
    public SdpOrigin Origin { get; init; }

    /// <summary>The <c>s=</c> session name (<c>-</c> when there is none to give).</summary>
    public string SessionName { get => sessionName; init => sessionName = SdpSyntax.RequireText(value, nameof(SessionName)); }

    /// <summary>The <c>i=</c> session information, or null.</summary>
    public string? Information { get => information; init => information = SdpSyntax.OptionalText(value, nameof(Information)); }

    /// <summary>The <c>u=</c> URI, or null.</summary>
    public string? Uri { get => uri; init => uri = SdpSyntax.OptionalText(value, nameof(Uri)); }

    /// <summary>The <c>e=</c> lines.</summary>
    public ImmutableArray<string> Emails { get => emails; init => emails = SdpSyntax.RequireAll(value, v => SdpSyntax.IsText(v), nameof(Emails)); }

    /// <summary>The <c>p=</c> lines.</summary>
    public ImmutableArray<string> Phones { get => phones; init => phones = SdpSyntax.RequireAll(value, v => SdpSyntax.IsText(v), nameof(Phones)); }

    /// <summary>The session-level <c>c=</c> line, or null when every m-line has its own.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary>The session-level <c>b=</c> lines.</summary>
    public ImmutableArray<SdpBandwidth> Bandwidths { get => bandwidths; init => bandwidths = SdpSyntax.RequireAll(value, _ => true, nameof(Bandwidths)); }

    /// <summary>The <c>t=</c> lines with their <c>r=</c> lines (at least one in a valid description).</summary>
    public ImmutableArray<SdpTiming> Timings { get => timings; init => timings = SdpSyntax.RequireAll(value, _ => true, nameof(Timings)); }

    /// <summary>The <c>z=</c> line, verbatim, or null.</summary>
    public string? TimeZones { get => timeZones; init => timeZones = SdpSyntax.OptionalText(value, nameof(TimeZones)); }

    /// <summary>The obsolete session-level <c>k=</c> line, verbatim, or null. May hold a key: never logged.</summary>
    public string? EncryptionKey { get => encryptionKey; init => encryptionKey = SdpSyntax.OptionalText(value, nameof(EncryptionKey)); }

    /// <summary>The session-level <c>a=</c> lines, in order.</summary>
    public ImmutableArray<SdpAttributeLine> Attributes { get => attributes; init => attributes = SdpSyntax.RequireAll(value, _ => true, nameof(Attributes)); }

    /// <summary>The media descriptions, in order (their positions pair offers with answers, RFC 3264).</summary>
    public ImmutableArray<MediaDescription> Media { get => media; init => media = SdpSyntax.RequireAll(value, _ => true, nameof(Media)); }

    /// <summary>The session-level direction attribute, or null.</summary>
    public MediaDirection? Direction => SdpAttributeList.Direction(attributes);

    /// <summary>Session-level <c>a=ice-ufrag</c>, or null.</summary>
    public string? IceUfrag => SdpAttributeList.Value(attributes, SdpAttributeNames.IceUfrag);

    /// <summary>Session-level <c>a=ice-pwd</c>, or null. A secret: never log it.</summary>
    public string? IcePwd => SdpAttributeList.Value(attributes, SdpAttributeNames.IcePwd);

    /// <summary>Whether <c>a=ice-lite</c> is present (the peer is an ICE-lite agent).</summary>
    public bool IceLite => SdpAttributeList.Has(attributes, SdpAttributeNames.IceLite);

    /// <summary>Session-level <c>a=ice-options</c> tokens.</summary>
    public ImmutableArray<string> IceOptions => SdpAttributeList.Words(attributes, SdpAttributeNames.IceOptions);

    /// <summary>Session-level <c>a=fingerprint</c> lines that parse.</summary>
    public ImmutableArray<DtlsFingerprint> Fingerprints => SdpAttributeList.Parse<DtlsFingerprint>(attributes, SdpAttributeNames.Fingerprint, DtlsFingerprint.TryParse);

    /// <summary>Session-level <c>a=setup</c>, or null.</summary>
    public DtlsSetup? Setup => SdpAttributeList.Setup(attributes);

    /// <summary>The <c>a=group</c> lines that parse.</summary>
    public ImmutableArray<SdpGroup> Groups => SdpAttributeList.Parse<SdpGroup>(attributes, SdpAttributeNames.Group, SdpGroup.TryParse);

    /// <summary>The first BUNDLE group, or null.</summary>
    public SdpGroup? BundleGroup => Groups.FirstOrDefault(g => g.IsBundle);

    /// <summary>
    /// The direction that applies to a media description: its own attribute, else the session-level one,
    /// else <see cref="MediaDirection.SendRecv"/> (RFC 8866 §6.7).
    /// </summary>
    public MediaDirection EffectiveDirection(MediaDescription mediaDescription)
    {
        ArgumentNullException.ThrowIfNull(mediaDescription);
        return mediaDescription.Direction ?? Direction ?? MediaDirection.SendRecv;
    }

    /// <summary>The connection that applies to a media description: its own first <c>c=</c>, else the session's.</summary>
    public SdpConnection? EffectiveConnection(MediaDescription mediaDescription)
    {
        ArgumentNullException.ThrowIfNull(mediaDescription);
        return mediaDescription.Connection ?? Connection;
    }

    /// <summary>The first session-level attribute with that name, or null.</summary>
    public SdpAttributeLine? FindAttribute(string name) => SdpAttributeList.Find(attributes, name);

    /// <summary>Every session-level attribute with that name, in order.</summary>
    public ImmutableArray<SdpAttributeLine> FindAttributes(string name) => SdpAttributeList.FindAll(attributes, name);

    /// <summary>Whether a session-level attribute with that name is present.</summary>
    public bool HasAttribute(string name) => SdpAttributeList.Has(attributes, name);

    /// <summary>A copy with the session-level attributes appended.</summary>
    public SessionDescription WithAttributes(params IEnumerable<SdpAttributeLine> added) => this with { Attributes = attributes.AddRange(added) };

    /// <summary>A copy with <paramref name="attribute"/> replacing every session-level attribute of its name.</summary>
    public SessionDescription WithAttributeSet(SdpAttributeLine attribute) => this with { Attributes = SdpAttributeList.Set(attributes, attribute) };

    /// <summary>A copy without the session-level attributes of these names.</summary>
    public SessionDescription WithoutAttributes(params ReadOnlySpan<string> names) => this with { Attributes = SdpAttributeList.Without(attributes, names) };

    /// <summary>A copy without the session-level attributes <paramref name="remove"/> selects.</summary>
    public SessionDescription WithoutAttributes(Func<SdpAttributeLine, bool> remove) => this with { Attributes = SdpAttributeList.Without(attributes, remove) };

    /// <summary>A copy with each media description replaced by <paramref name="map"/>(description, index).</summary>
    public SessionDescription WithMedia(Func<MediaDescription, int, MediaDescription> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this with { Media = [.. media.Select(map)] };
    }

    /// <summary>Parses SDP text (CRLF or LF line ends) with the default limits. False with an error and a line number on bad input; never throws for it.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>Parses UTF-8 SDP bytes with the default limits. False with an error and a line number on bad input; never throws for it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error) =>
        SdpParser.TryParse(utf8, out description, out error);

    /// <summary>The description as SDP text with CRLF line ends, secrets included: the body to send.</summary>
    public string ToSdp() => SdpWriter.Write(this);

    /// <summary>The description as UTF-8 bytes with CRLF line ends, secrets included: the body to send.</summary>
    public byte[] ToUtf8() => SdpWriter.WriteUtf8(this);

    /// <summary>Writes the description as UTF-8 with CRLF line ends to <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output) => SdpWriter.WriteTo(this, output);

    /// <inheritdoc />
    public bool Equals(SessionDescription? other) =>
        other is not null && version == other.version && Origin == other.Origin && sessionName == other.sessionName &&
        information == other.information && uri == other.uri && emails.SequenceEqual(other.emails) &&
        phones.SequenceEqual(other.phones) && Connection == other.Connection && bandwidths.SequenceEqual(other.bandwidths) &&
        timings.SequenceEqual(other.timings) && timeZones == other.timeZones && encryptionKey == other.encryptionKey &&
        attributes.SequenceEqual(other.attributes) && media.SequenceEqual(other.media);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Origin, sessionName, attributes.Length, media.Length);

    /// <summary>The description as SDP text with secrets (<c>ice-pwd</c>, <c>crypto</c> keys, <c>k=</c>) redacted: for logs, not for sending.</summary>
    public override string ToString() => SdpWriter.Write(this, redactSecrets: true);
}
