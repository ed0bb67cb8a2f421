namespace Rethink.Ims.Sip.Messages;

/// <summary>A SIP request: method, Request-URI, headers and body.</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri _requestUri;

    /// <summary>Creates a request with no headers; add them through <see cref="SipMessage.Headers"/>.</summary>
    public SipRequest(SipMethod method, SipUri requestUri)
    {
        if (method.IsEmpty)
        {
            throw new ArgumentException("A request needs a method.", nameof(method));
        }

        if (requestUri.IsEmpty)
        {
            throw new ArgumentException("A request needs a Request-URI.", nameof(requestUri));
        }

        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>A parsed request; the parser then parses the Request-URI into <see cref="RequestUriRef"/>.</summary>
    internal SipRequest(
        SipMethod method, SipText buffer, SipHeaderEntry[] headers, int count, ReadOnlyMemory<byte> body, IDisposable? owner)
        : base(buffer, headers, count, body, owner)
    {
        Method = method;
    }

    private SipRequest(SipRequest source)
        : base(source, room: 4)
    {
        Method = source.Method;
        var uri = source._requestUri;
        _requestUri = uri.IsEmpty ? default : uri.Relocated(new SipText(source.Relocate(uri.Raw.Memory, this)));
    }

    /// <inheritdoc/>
    public override bool IsRequest => true;

    /// <summary>The method. Changing it does not change CSeq.</summary>
    public SipMethod Method { get; set; }

    /// <summary>The Request-URI (a proxy retargets by setting it). Default when a failed parse could not read it.</summary>
    public SipUri RequestUri
    {
        get => _requestUri;
        set => _requestUri = value;
    }

    /// <summary>The Request-URI's storage, for the parser to fill in place.</summary>
    internal ref SipUri RequestUriRef => ref _requestUri;

    internal override SipMessage Copy() => new SipRequest(this);
}
