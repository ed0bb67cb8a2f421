using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>Source-generated log messages of the registrar. Addresses-of-record and reasons only; never credentials.</summary>
internal static partial class SipRegistrarLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "REGISTER refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, int status, RegistrarRefusal reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "REGISTER for {Aor}: {Added} added, {Refreshed} refreshed, {Removed} removed")]
    public static partial void Updated(ILogger logger, string aor, int added, int refreshed, int removed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Flow {FlowId} closed: {Count} bindings {Action}")]
    public static partial void FlowClosed(ILogger logger, string flowId, int count, string action);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Location store full ({Limit} bindings); refusing REGISTER with 503")]
    public static partial void StoreFull(ILogger logger, int limit);
}
