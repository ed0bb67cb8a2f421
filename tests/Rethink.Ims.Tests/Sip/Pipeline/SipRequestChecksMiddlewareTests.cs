using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Pipeline;

/// <summary><see cref="SipRequestChecksMiddleware"/> in front of a terminal that answers 200 (ACK: nothing), so a 200 means "passed on".</summary>
public sealed class SipRequestChecksMiddlewareTests
{
    private static async Task<SipContext> SendAsync(string text, SipRequestChecksOptions? options = null)
    {
        var parsed = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.True(parsed.IsSuccess, parsed.ToString());
        using var services = new ServiceCollection().AddSingleton(Options.Create(options ?? new SipRequestChecksOptions())).BuildServiceProvider();
        var builder = new SipPipelineBuilder(services).UseMiddleware<SipRequestChecksMiddleware>();
        builder.Run(context =>
        {
            context.Items["reached"] = true;
            return context.Request.Method.Kind == SipMethodKind.Ack ? Task.CompletedTask : context.RespondAsync(200).AsTask();
        });
        var context = new SipContext(parsed.Request!, new RecordingFlow(), new SipResponseSender(), services);
        await builder.Build()(context);
        return context;
    }

    private static string Request(string method = "OPTIONS", string uri = "sip:example.com", string headers = "", string body = "", string to = "<sip:bob@example.com>") =>
        $"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-checks\r\nFrom: <sip:alice@example.com>;tag=1\r\n" +
        $"To: {to}\r\nCall-ID: checks-1\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";

    [Fact]
    public async Task An_ordinary_request_passes()
    {
        var context = await SendAsync(Request("INVITE", "sip:bob@example.com", "Content-Type: application/sdp\r\nRequire: path\r\n", Sdp));

        Assert.Equal(200, context.FinalResponse!.StatusCode);
    }

    [Theory]
    [InlineData("nobodyKnowsThisScheme:totallyopaquecontent")]
    [InlineData("soap.beep://192.0.2.103:3002")]
    [InlineData("http://example.com/")]
    public async Task A_Request_URI_scheme_not_handled_gets_416(string uri)
    {
        var context = await SendAsync(Request(uri: uri));

        Assert.Equal(416, context.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task A_tel_Request_URI_passes_by_default() =>
        Assert.Equal(200, (await SendAsync(Request("INVITE", "tel:+15551234567"))).FinalResponse!.StatusCode);

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("REGISTER")]
    [InlineData("INVITE")]
    public async Task Max_Forwards_zero_gets_483(string method)
    {
        var context = await SendAsync(Request(method).Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal));

        Assert.Equal(483, context.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task Max_Forwards_one_passes() =>
        Assert.Equal(200, (await SendAsync(Request().Replace("Max-Forwards: 70", "Max-Forwards: 1", StringComparison.Ordinal))).FinalResponse!.StatusCode);

    [Fact]
    public async Task Unknown_Require_and_Proxy_Require_tags_get_420_listing_each_once()
    {
        var context = await SendAsync(Request(headers:
            "Require: nothingSupportsThis, path\r\nProxy-Require: noProxiesSupportThis, nothingSupportsThis\r\nRequire: outbound\r\n"));

        Assert.Equal(420, context.FinalResponse!.StatusCode);
        var unsupported = context.FinalResponse.Headers.GetValue(SipHeaderId.Unsupported).ToString();
        Assert.Equal("noProxiesSupportThis, nothingSupportsThis", unsupported);
    }

    [Fact]
    public async Task A_proxy_that_does_not_check_Require_still_refuses_unknown_Proxy_Require()
    {
        var options = new SipRequestChecksOptions { CheckRequire = false };

        Assert.Equal(200, (await SendAsync(Request(headers: "Require: nothingSupportsThis\r\n"), options)).FinalResponse!.StatusCode);
        Assert.Equal(420, (await SendAsync(Request(headers: "Proxy-Require: nothingSupportsThis\r\n"), options)).FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task CANCEL_is_not_refused_for_Require() =>
        Assert.Equal(200, (await SendAsync(Request("CANCEL", headers: "Require: nothingSupportsThis\r\n"))).FinalResponse!.StatusCode);

    [Fact]
    public async Task ACK_is_never_refused_it_passes_on_even_with_Max_Forwards_zero_and_an_unknown_scheme()
    {
        var context = await SendAsync(Request("ACK", uri: "nobodyKnowsThisScheme:x").Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal));

        Assert.Null(context.FinalResponse);
        Assert.True(context.Items.ContainsKey("reached"));
    }

    [Fact]
    public async Task REGISTER_whose_To_is_not_a_SIP_URI_gets_400()
    {
        var context = await SendAsync(Request("REGISTER", to: "isbn:2983792873"));

        Assert.Equal(400, context.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task INVITE_with_a_body_type_not_understood_gets_415_with_Accept()
    {
        var context = await SendAsync(Request("INVITE", "sip:bob@example.com", "Content-Type: application/unknownformat\r\n", "<audio/>"));

        Assert.Equal(415, context.FinalResponse!.StatusCode);
        Assert.Equal("application/sdp", context.FinalResponse.Headers.GetValue(SipHeaderId.Accept).ToString());
    }

    [Fact]
    public async Task INVITE_with_a_gzip_encoded_body_gets_415()
    {
        var context = await SendAsync(Request("INVITE", "sip:bob@example.com", "Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n", Sdp));

        Assert.Equal(415, context.FinalResponse!.StatusCode);
    }

    [Theory]
    [InlineData("text/nobodyKnowsThis", 406)]
    [InlineData("text/nobodyKnowsThis, application/sdp", 200)]
    [InlineData("application/*", 200)]
    [InlineData("*/*", 200)]
    public async Task INVITE_Accept_must_allow_a_type_understood(string accept, int expected)
    {
        var context = await SendAsync(Request("INVITE", "sip:bob@example.com", $"Accept: {accept}\r\nContent-Type: application/sdp\r\n", Sdp));

        Assert.Equal(expected, context.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task Bodies_of_other_methods_are_not_the_checks_business() =>
        Assert.Equal(200, (await SendAsync(Request("MESSAGE", "sip:bob@example.com", "Content-Type: text/plain\r\n", "hello"))).FinalResponse!.StatusCode);

    [Fact]
    public async Task A_proxy_that_does_not_check_content_passes_any_body()
    {
        var options = new SipRequestChecksOptions { CheckContent = false };
        var context = await SendAsync(Request("INVITE", "sip:bob@example.com", "Content-Type: application/unknownformat\r\n", "<audio/>"), options);

        Assert.Equal(200, context.FinalResponse!.StatusCode);
    }
}
