using System.Diagnostics.CodeAnalysis;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// The outcome of <see cref="DtlsSrtpSession.HandshakeAsync"/>: on success the negotiated SRTP profile, the
/// exported keying material and the peer's certificate fingerprint; otherwise why it failed.
/// </summary>
public sealed class DtlsHandshakeResult
{
    private DtlsHandshakeResult(
        DtlsHandshakeStatus status,
        DtlsRole role,
        DtlsSrtpKeyingMaterial? keyingMaterial,
        DtlsFingerprint? peerFingerprint,
        int? alertDescription,
        bool alertReceived,
        string? detail)
    {
        Status = status;
        Role = role;
        KeyingMaterial = keyingMaterial;
        PeerFingerprint = peerFingerprint;
        AlertDescription = alertDescription;
        AlertReceived = alertReceived;
        Detail = detail;
    }

    /// <summary>How the handshake ended.</summary>
    public DtlsHandshakeStatus Status { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="DtlsHandshakeStatus.Succeeded"/>.</summary>
    [MemberNotNullWhen(true, nameof(KeyingMaterial), nameof(PeerFingerprint), nameof(Profile))]
    public bool Succeeded => Status == DtlsHandshakeStatus.Succeeded;

    /// <summary>The role this endpoint played.</summary>
    public DtlsRole Role { get; }

    /// <summary>The negotiated SRTP protection profile, on success.</summary>
    public DtlsSrtpProtectionProfile? Profile => KeyingMaterial?.Profile;

    /// <summary>The exported SRTP keys and salts, on success. Owned by the session, which zeroes them when disposed.</summary>
    public DtlsSrtpKeyingMaterial? KeyingMaterial { get; }

    /// <summary>The fingerprint of the certificate the peer presented, with the hash function of the SDP fingerprint it matched.</summary>
    public DtlsFingerprint? PeerFingerprint { get; }

    /// <summary>The TLS alert (RFC 5246 §7.2 description code) that ended a failed handshake, if any.</summary>
    public int? AlertDescription { get; }

    /// <summary>True when <see cref="AlertDescription"/> came from the peer; false when this side raised it.</summary>
    public bool AlertReceived { get; }

    /// <summary>A short explanation for logs (never key material).</summary>
    public string? Detail { get; }

    /// <summary>Status, role, profile or alert; never keys.</summary>
    public override string ToString()
    {
        if (Succeeded)
        {
            return $"Succeeded as {Role}, {KeyingMaterial.Profile.ToRegistryName()}, peer {PeerFingerprint.FormatValue()}";
        }

        var alert = AlertDescription is { } code
            ? $", alert {Org.BouncyCastle.Tls.AlertDescription.GetText((short)code)} {(AlertReceived ? "received" : "sent")}"
            : string.Empty;
        return $"{Status} as {Role}{alert}{(Detail is null ? string.Empty : ": " + Detail)}";
    }

    internal static DtlsHandshakeResult Success(DtlsRole role, DtlsSrtpKeyingMaterial keyingMaterial, DtlsFingerprint peerFingerprint) =>
        new(DtlsHandshakeStatus.Succeeded, role, keyingMaterial, peerFingerprint, null, false, null);

    internal static DtlsHandshakeResult Failure(DtlsHandshakeStatus status, DtlsRole role, int? alertDescription, bool alertReceived, string? detail) =>
        new(status, role, null, null, alertDescription, alertReceived, detail);
}
