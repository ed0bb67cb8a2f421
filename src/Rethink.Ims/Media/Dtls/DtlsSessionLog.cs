using Microsoft.Extensions.Logging;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>Log messages of <see cref="DtlsSrtpSession"/>: roles, profiles, fingerprints and outcomes, never keys.</summary>
internal static partial class DtlsSessionLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "DTLS handshake starting as {Role}")]
    public static partial void HandshakeStarting(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "DTLS handshake done as {Role} in {ElapsedMs} ms: {Profile}, peer {PeerFingerprint}")]
    public static partial void HandshakeSucceeded(ILogger logger, DtlsRole role, long elapsedMs, DtlsSrtpProtectionProfile profile, DtlsFingerprint peerFingerprint);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "DTLS handshake failed as {Role} after {ElapsedMs} ms: {Outcome}")]
    public static partial void HandshakeFailed(ILogger logger, DtlsRole role, long elapsedMs, string outcome);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "DTLS association as {Role} closed: {Reason}")]
    public static partial void AssociationClosed(ILogger logger, DtlsRole role, DtlsCloseReason reason);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "DTLS datagram of {Length} octets dropped ({DroppedCount} so far)")]
    public static partial void DatagramDropped(ILogger logger, int length, long droppedCount);
}
