using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>The SIP server's options, bound from <c>Ims:Sip</c>: listeners, limits, TLS certificate and the domains it serves.</summary>
public sealed class SipServerOptions : SipTransportOptions
{
    /// <summary>The configuration section: <c>Ims:Sip</c>.</summary>
    public const string SectionName = "Ims:Sip";

    /// <summary>The SIP domains this server is responsible for (e.g. <c>example.com</c>); used by the registrar and proxy steps.</summary>
    public IList<string> Domains { get; } = new List<string>();
}
