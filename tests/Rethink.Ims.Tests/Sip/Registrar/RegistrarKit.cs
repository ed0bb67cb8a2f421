using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>A registrar over an in-memory store on a fake clock, fed with REGISTERs written as text and parsed.</summary>
internal sealed class RegistrarKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public RegistrarKit(Action<SipRegistrarOptions>? configure = null, SipRegistrarMetrics? metrics = null)
    {
        Options = new SipRegistrarOptions();
        Options.LocalDomains.Add("example.com");
        configure?.Invoke(Options);
        Store = new InMemoryLocationStore(Microsoft.Extensions.Options.Options.Create(Options), Time, metrics);
        Registrar = new SipRegistrar(Microsoft.Extensions.Options.Options.Create(Options), Store, Time, metrics);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public SipRegistrarOptions Options { get; }

    public InMemoryLocationStore Store { get; }

    public SipRegistrar Registrar { get; }

    /// <summary>A REGISTER as JsSIP 3.x sends it (FACTS.md §4).</summary>
    public static string JsSip(string callId = "jssip-call", uint cseq = 1, int expires = 600, string instance = "<urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab>", string user = "alice") =>
        Register(
            to: $"<sip:{user}@example.com>",
            contacts: [$"<sip:k3v9q2rt@8j2m4n6p.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"{instance}\";expires={expires}"],
            expires: expires.ToString(System.Globalization.CultureInfo.InvariantCulture),
            callId: callId,
            cseq: cseq,
            via: "SIP/2.0/WSS 8j2m4n6p.invalid;branch=z9hG4bK" + cseq,
            extra: ["Supported: path,gruu,outbound", "User-Agent: JsSIP 3.13.0"]);

    /// <summary>A REGISTER as SIP.js 0.21 sends it: only the contact's expires parameter.</summary>
    public static string SipJs(string callId = "sipjs-call", uint cseq = 2, int expires = 600, string contactUser = "r4nd0m") =>
        Register(
            to: "<sip:alice@example.com>",
            contacts: [$"<sip:{contactUser}@q1w2e3r4.invalid;transport=ws>;expires={expires}"],
            callId: callId,
            cseq: cseq,
            via: "SIP/2.0/WSS q1w2e3r4.invalid;branch=z9hG4bK" + cseq,
            extra: ["Supported: outbound, path, gruu", "User-Agent: SIP.js/0.21.2"]);

    public static string Register(
        string to = "<sip:alice@example.com>",
        string[]? contacts = null,
        string? expires = null,
        string callId = "call-1",
        uint cseq = 1,
        string requestUri = "sip:example.com",
        string via = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKreg",
        string[]? extra = null)
    {
        var b = new StringBuilder();
        b.Append("REGISTER ").Append(requestUri).Append(" SIP/2.0\r\n");
        b.Append("Via: ").Append(via).Append("\r\n");
        b.Append("Max-Forwards: 70\r\n");
        b.Append("To: ").Append(to).Append("\r\n");
        b.Append("From: ").Append(to).Append(";tag=f1\r\n");
        b.Append("Call-ID: ").Append(callId).Append("\r\n");
        b.Append("CSeq: ").Append(cseq).Append(" REGISTER\r\n");
        foreach (var contact in contacts ?? [])
        {
            b.Append("Contact: ").Append(contact).Append("\r\n");
        }

        if (expires is not null)
        {
            b.Append("Expires: ").Append(expires).Append("\r\n");
        }

        foreach (var header in extra ?? [])
        {
            b.Append(header).Append("\r\n");
        }

        b.Append("Content-Length: 0\r\n\r\n");
        return b.ToString();
    }

    public static SipRequest Parse(byte[] bytes)
    {
        var result = SipParser.Parse(bytes);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Request!;
    }

    public Task<RegistrarOutcome> SendAsync(string message, RegistrationContext? context = null) =>
        SendAsync(Encoding.UTF8.GetBytes(message), context);

    public async Task<RegistrarOutcome> SendAsync(byte[] message, RegistrationContext? context = null)
    {
        using var request = Parse(message);
        return await Registrar.ProcessAsync(request, context ?? RegistrationContext.None, CancellationToken.None);
    }

    public async Task<SipResponse> SendAndReparseAsync(string message, RegistrationContext? context = null) =>
        Wire((await SendAsync(message, context)).Response);

    public Task<RegistrarOutcome> QueryAsync(string to = "<sip:alice@example.com>") =>
        SendAsync(Register(to: to, callId: "query-" + Guid.NewGuid().ToString("N"), cseq: 1));

    /// <summary>The response as the client sees it: written to bytes and parsed again.</summary>
    public static SipResponse Wire(SipResponse response)
    {
        var result = SipParser.Parse(SipMessageWriter.ToArray(response));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Response!;
    }

    public static List<SipContact> Contacts(SipResponse response)
    {
        var list = new List<SipContact>();
        foreach (var c in response.Contact)
        {
            list.Add(c);
        }

        Assert.True(response.Contact.AllValid);
        return list;
    }

    public static List<string> Paths(SipResponse response)
    {
        var list = new List<string>();
        foreach (var hop in response.Path)
        {
            list.Add(hop.ToString());
        }

        return list;
    }

    public void Advance(int seconds) => Time.Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose() => Store.Dispose();
}
