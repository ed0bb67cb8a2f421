using System.Net;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Media.Bridge;

internal static partial class MediaBridgeLog
{
    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Media call {CallId} created: WebRTC leg {WebRtc}, plain leg {Plain}")]
    public static partial void CallCreated(ILogger logger, string callId, IPEndPoint webRtc, IPEndPoint plain);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Media call {CallId} ended: {Reason}")]
    public static partial void CallEnded(ILogger logger, string callId, MediaCallEndReason reason);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Information, Message = "Media call {CallId} refused: {Status} ({Detail})")]
    public static partial void Refused(ILogger logger, string callId, MediaBridgeStatus status, string? detail);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Information, Message = "Media call {CallId} bridged: WebRTC {WebRtcCodec}, plain {PlainCodec}, DTLS {Role}")]
    public static partial void Bridged(ILogger logger, string callId, string webRtcCodec, string plainCodec, string role);

    [LoggerMessage(EventId = 5405, Level = LogLevel.Warning, Message = "WebRTC leg {Local}: DTLS handshake failed: {Status}")]
    public static partial void DtlsFailed(ILogger logger, IPEndPoint local, string status);

    [LoggerMessage(EventId = 5406, Level = LogLevel.Information, Message = "WebRTC leg {Local}: SRTP ready ({Profile}) with {Peer}")]
    public static partial void SrtpReady(ILogger logger, IPEndPoint local, string profile, string peer);

    [LoggerMessage(EventId = 5407, Level = LogLevel.Debug, Message = "Plain leg {Local}: peer latched to {Peer}")]
    public static partial void Latched(ILogger logger, IPEndPoint local, IPEndPoint peer);

    [LoggerMessage(EventId = 5408, Level = LogLevel.Warning, Message = "Media leg {Local}: receive loop failed")]
    public static partial void ReceiveFailed(ILogger logger, IPEndPoint local, Exception exception);

    [LoggerMessage(EventId = 5409, Level = LogLevel.Information, Message = "Media call {CallId} anchored between plain endpoints: caller leg {Caller}, callee leg {Callee}")]
    public static partial void RelayCreated(ILogger logger, string callId, IPEndPoint caller, IPEndPoint callee);

    [LoggerMessage(EventId = 5410, Level = LogLevel.Error, Message = "Media bridge timer: call {CallId} failed its periodic work")]
    public static partial void TimerWorkFailed(ILogger logger, string callId, Exception exception);
}
