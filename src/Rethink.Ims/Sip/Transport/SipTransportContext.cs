using Microsoft.Extensions.Logging;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>What every listener and flow of one transport shares.</summary>
internal sealed class SipTransportContext(
    SipTransportOptions options,
    SipParserOptions parserOptions,
    SipTransportMetrics metrics,
    SipFlowRegistry registry,
    TimeProvider timeProvider,
    ILogger logger)
{
    public SipTransportOptions Options { get; } = options;

    public SipParserOptions ParserOptions { get; } = parserOptions;

    public SipTransportMetrics Metrics { get; } = metrics;

    public SipFlowRegistry Registry { get; } = registry;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    /// <summary>Set by <see cref="SipTransport"/> before listeners start.</summary>
    public SipInboundQueue Inbound { get; set; } = null!;
}
