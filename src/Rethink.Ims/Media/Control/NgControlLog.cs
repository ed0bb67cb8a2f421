using System.Net;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Media.Control;

/// <summary>Log messages of the ng control server. They name commands, Call-IDs and peers, never SDP bodies.</summary>
internal static partial class NgControlLog
{
    [LoggerMessage(1, LogLevel.Information, "ng control server listening on udp:{EndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(2, LogLevel.Warning, "ng control server listening on udp:{EndPoint}, which is not a loopback address: the ng protocol has no authentication, so anyone who can reach it can set up media sessions")]
    public static partial void ListeningBeyondLoopback(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(3, LogLevel.Information, "ng control server stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(10, LogLevel.Debug, "ng {Command} call-id={CallId} from {Remote}: {Result} in {Milliseconds:F1} ms")]
    public static partial void Handled(ILogger logger, string command, string? callId, IPEndPoint remote, string result, double milliseconds);

    [LoggerMessage(11, LogLevel.Information, "ng {Command} call-id={CallId} from {Remote} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string command, string? callId, IPEndPoint remote, string reason);

    [LoggerMessage(12, LogLevel.Error, "ng {Command} call-id={CallId} from {Remote}: the media session control threw")]
    public static partial void ControlThrew(ILogger logger, Exception exception, string command, string? callId, IPEndPoint remote);

    [LoggerMessage(13, LogLevel.Warning, "ng {Command} call-id={CallId} from {Remote} timed out after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string command, string? callId, IPEndPoint remote, TimeSpan timeout);

    [LoggerMessage(20, LogLevel.Debug, "ng retransmission of cookie {Cookie} from {Remote}: {Outcome}")]
    public static partial void Retransmission(ILogger logger, string cookie, IPEndPoint remote, string outcome);

    [LoggerMessage(21, LogLevel.Debug, "ng datagram of {Length} bytes from {Remote} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, int length, IPEndPoint remote, string reason);

    [LoggerMessage(22, LogLevel.Information, "ng message from {Remote} is malformed: {Reason}")]
    public static partial void Malformed(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(30, LogLevel.Warning, "ng control server could not receive")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(31, LogLevel.Warning, "ng control server could not send a reply to {Remote}")]
    public static partial void SendFailed(ILogger logger, Exception exception, IPEndPoint remote);
}
