using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>Source-generated log messages of the transaction layer. Branches and methods only; never message bodies or credentials.</summary>
internal static partial class SipTransactionLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Transaction limit {Limit} reached; refusing {Method} with 503")]
    public static partial void LimitReached(ILogger logger, int limit, string method);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Transaction {Branch} {Method} timed out (timer {Timer})")]
    public static partial void TimedOut(ILogger logger, string branch, string method, string timer);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Transaction {Branch} {Method}: transport error")]
    public static partial void TransportError(ILogger logger, string branch, string method);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Transport threw while sending for transaction {Branch}")]
    public static partial void SendFailed(ILogger logger, Exception exception, string branch);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Rejected {Method} whose branch is only the magic cookie")]
    public static partial void CookieOnlyBranch(ILogger logger, string method);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "The response handler of client transaction {Branch} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string branch);
}
