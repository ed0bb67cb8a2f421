using BenchmarkDotNet.Attributes;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Benchmarks.Sip;

/// <summary>
/// Parse each benchmark message and read what the next layer reads. Every field read is folded into
/// the returned value (lengths and first bytes) so that nothing can be skipped.
/// </summary>
[MemoryDiagnoser]
public class SipParseBenchmarks
{
    private byte[] _register = [];
    private byte[] _invite = [];
    private byte[] _ok = [];
    private ReadOnlyMemory<byte> _authorization;
    private ReadOnlyMemory<byte> _contact;
    private ReadOnlyMemory<byte> _from;
    private ReadOnlyMemory<byte> _via;

    [GlobalSetup]
    public void Setup()
    {
        _register = BenchMessages.Load("register-ws.txt");
        _invite = BenchMessages.Load("invite-webrtc.txt");
        _ok = BenchMessages.Load("ok-200.txt");
        if (_register.Length != 807 || _ok.Length != 552 || _invite.Length != 2048)
        {
            throw new InvalidOperationException("Benchmark messages are not the shared bytes.");
        }

        using (var m = SipParser.Parse(_register).Message!)
        {
            // Copies: the component benchmarks read values the way the message hands them out.
            _authorization = m.Headers.GetValue(SipHeaderId.Authorization).Memory.ToArray();
            _contact = m.Headers.GetValue(SipHeaderId.Contact).Memory.ToArray();
            _from = m.Headers.GetValue(SipHeaderId.From).Memory.ToArray();
            _via = m.Headers.GetValue(SipHeaderId.Via).Memory.ToArray();
        }

        if (ParseRegister() == 0 || ParseInvite() == 0 || ParseOk() == 0)
        {
            throw new InvalidOperationException("Benchmark messages failed to parse.");
        }
    }

    /// <summary>A registrar's reads: Via branch and sent-by, From/To URIs and tags, Call-ID, CSeq, every Contact with its parameters, every Authorization parameter.</summary>
    [Benchmark]
    public long ParseRegister()
    {
        var result = SipParser.Parse(_register);
        if (!result.IsSuccess)
        {
            return 0;
        }

        // Disposing returns the pooled header index, as the transport does once a message is handled.
        using var m = result.Message;
        var acc = ReadDialogFields(m);
        foreach (var contact in m.Contact)
        {
            var uri = contact.Uri;
            acc += Fold(uri.User) + Fold(uri.Host) + (uri.Port ?? 0) + Fold(uri.Transport);
            foreach (var p in contact.Parameters)
            {
                acc += Fold(p.Name) + Fold(p.Value);
            }

            acc += (contact.Expires ?? 0) + Fold(contact.Instance) + (contact.RegId ?? 0);
        }

        foreach (var credentials in m.Authorization)
        {
            acc += Fold(credentials.Scheme);
            foreach (var p in credentials.Parameters)
            {
                acc += Fold(p.Name) + Fold(p.Value.Unquote());
            }
        }

        acc += m.Expires ?? 0;
        return acc;
    }

    /// <summary>A proxy's reads of an INVITE, and the SDP body as bytes.</summary>
    [Benchmark]
    public long ParseInvite()
    {
        var result = SipParser.Parse(_invite);
        if (!result.IsSuccess)
        {
            return 0;
        }

        using var m = (SipRequest)result.Message;
        var acc = ReadDialogFields(m) + Fold(m.RequestUri.User) + Fold(m.RequestUri.Host) + (m.MaxForwards ?? 0);
        foreach (var contact in m.Contact)
        {
            acc += Fold(contact.Uri.User) + Fold(contact.Uri.Host) + Fold(contact.Uri.Transport) + contact.Uri.Parameters.Count;
        }

        foreach (var route in m.Route)
        {
            acc += Fold(route.Uri.Host);
        }

        var type = m.ContentType;
        acc += Fold(type.Type) + Fold(type.Subtype);
        var body = m.Body.Span;
        acc += body.Length + body[0] + body[^1];
        return acc;
    }

    /// <summary>A UAC's (or proxy's) reads of the 200 OK: Via with received/rport, tags, CSeq, Contact parameters, Require.</summary>
    [Benchmark]
    public long ParseOk()
    {
        var result = SipParser.Parse(_ok);
        if (!result.IsSuccess)
        {
            return 0;
        }

        using var m = (SipResponse)result.Message;
        var acc = ReadDialogFields(m) + m.StatusCode;
        var via = m.TopVia;
        acc += Fold(via.Received) + (via.Rport ?? 0);
        foreach (var contact in m.Contact)
        {
            acc += Fold(contact.Uri.User) + Fold(contact.Uri.Host) + (contact.Expires ?? 0) + Fold(contact.Instance) + (contact.RegId ?? 0);
        }

        foreach (var tag in m.Require)
        {
            acc += Fold(tag.Text);
        }

        return acc;
    }

    /// <summary>Parsing alone (indexing and the default validation), for comparison with the reads above.</summary>
    [Benchmark]
    public int ParseOnlyRegister() => ParseOnly(_register);

    /// <summary>Parsing the INVITE alone.</summary>
    [Benchmark]
    public int ParseOnlyInvite() => ParseOnly(_invite);

    /// <summary>Parsing the 200 OK alone.</summary>
    [Benchmark]
    public int ParseOnlyOk() => ParseOnly(_ok);

    /// <summary>The REGISTER's Authorization alone: its value parsed, every parameter read unquoted.</summary>
    [Benchmark]
    public long ReadAuthorizationValue()
    {
        var acc = 0L;
        if (SipAuthHeaderValue.TryParse(_authorization, out var credentials))
        {
            acc += Fold(credentials.Scheme);
            foreach (var p in credentials.Parameters)
            {
                acc += Fold(p.Name) + Fold(p.Value.Unquote());
            }
        }

        return acc;
    }

    /// <summary>The REGISTER's Contact alone: parsed, its URI and every parameter read.</summary>
    [Benchmark]
    public long ReadContactValue()
    {
        var acc = 0L;
        if (SipContact.TryParse(_contact, out var contact))
        {
            var uri = contact.Uri;
            acc += Fold(uri.User) + Fold(uri.Host) + (uri.Port ?? 0) + Fold(uri.Transport);
            foreach (var p in contact.Parameters)
            {
                acc += Fold(p.Name) + Fold(p.Value);
            }

            acc += (contact.Expires ?? 0) + Fold(contact.Instance) + (contact.RegId ?? 0);
        }

        return acc;
    }

    /// <summary>The REGISTER's From alone (what validation parses).</summary>
    [Benchmark]
    public long ReadFromValue() => SipNameAddress.TryParse(_from, out var from) ? Fold(from.Uri.User) + Fold(from.Tag) : 0;

    /// <summary>The REGISTER's Via alone (what validation parses).</summary>
    [Benchmark]
    public long ReadViaValue() => SipVia.TryParse(_via, out var via) ? Fold(via.Branch) + Fold(via.Host) : 0;

    private static int ParseOnly(byte[] bytes)
    {
        using var m = SipParser.Parse(bytes).Message!;
        return m.Headers.Count;
    }

    private static long ReadDialogFields(SipMessage m)
    {
        var via = m.TopVia;
        var from = m.From;
        var to = m.To;
        var cseq = m.CSeq;
        return Fold(via.Branch) + Fold(via.Host) + (via.Port ?? 0) + (int)via.TransportKind
            + Fold(from.Uri.User) + Fold(from.Uri.Host) + Fold(from.Tag)
            + Fold(to.Uri.User) + Fold(to.Uri.Host) + Fold(to.Tag)
            + Fold(m.CallId) + cseq.Number + (int)cseq.Method.Kind;
    }

    /// <summary>Length and first byte: enough to make the read observable.</summary>
    private static long Fold(SipText text)
    {
        var span = text.Span;
        return span.IsEmpty ? 1 : span.Length + span[0];
    }
}
