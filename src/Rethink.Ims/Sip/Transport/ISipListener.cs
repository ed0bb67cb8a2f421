namespace Rethink.Ims.Sip.Transport;

/// <summary>One bound listener of the transport.</summary>
internal interface ISipListener : IAsyncDisposable
{
    /// <summary>What it is bound to (the actual port when 0 was asked for).</summary>
    SipListenerEndpoint Endpoint { get; }

    /// <summary>Starts accepting or receiving.</summary>
    void Start(CancellationToken stopping);
}
