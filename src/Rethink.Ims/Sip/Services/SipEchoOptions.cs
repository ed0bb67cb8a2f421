namespace Rethink.Ims.Sip.Services;

/// <summary>The echo service's settings (bound from <c>Ims:Sip:Echo</c>).</summary>
public sealed class SipEchoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ims:Sip:Echo";

    /// <summary>The user part it answers as in every local domain (<c>sip:echo@example.com</c>). Default <c>echo</c>.</summary>
    public string User { get; set; } = "echo";

    /// <summary>The IP address its SIP and RTP sockets bind to and its SDP advertises. Default 127.0.0.1.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Its SIP UDP port (the contact the edge proxy routes to). Default 5090; 0 picks a free one.</summary>
    public int SipPort { get; set; } = 5090;

    /// <summary>Most calls answered at once; more are answered 486 Busy Here. Default 50.</summary>
    public int MaxCalls { get; set; } = 50;

    /// <summary>A call that carries no RTP for this long is dropped. Default 60 s.</summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest call; the echo stops after it. Default 10 min.</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the echo's static binding lives in the location store before it is written again. Default 1 h.</summary>
    public TimeSpan BindingLifetime { get; set; } = TimeSpan.FromHours(1);
}
