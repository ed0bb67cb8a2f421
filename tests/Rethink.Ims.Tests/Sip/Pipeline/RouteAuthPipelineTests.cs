using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;
using Rethink.Ims.Sip.Transport;
using Rethink.Ims.Tests.Sip.Auth;

namespace Rethink.Ims.Tests.Sip.Pipeline;

/// <summary>
/// The sample's pipeline after the OPTIONS responder: digest auth, relay policy, registrar, then a terminal that records
/// what reached it. Requests are parsed from bytes (JsSIP's shape), responses read back from the flow.
/// </summary>
public sealed class RouteAuthPipelineTests : IDisposable
{
    private readonly DigestTestKit _kit = new();
    private readonly InMemoryLocationStore _store;
    private readonly ServiceProvider _services;
    private readonly SipRequestDelegate _pipeline;
    private readonly List<SipContext> _reachedTerminal = [];

    public RouteAuthPipelineTests()
    {
        var registrarOptions = Options.Create(new SipRegistrarOptions { LocalDomains = { "example.com" } });
        _store = new InMemoryLocationStore(registrarOptions, _kit.Time);
        _services = new ServiceCollection()
            .AddSingleton(_kit.Authenticator)
            .AddSingleton(new SipLocalDomains(["example.com"]))
            .AddSingleton(Options.Create(_kit.Options))
            .AddSingleton(new SipRegistrar(registrarOptions, _store, _kit.Time))
            .BuildServiceProvider();
        var builder = new SipPipelineBuilder(_services)
            .UseMiddleware<SipDigestAuthMiddleware>()
            .UseMiddleware<SipRelayPolicyMiddleware>()
            .UseMiddleware<SipRegistrarMiddleware>();
        builder.Run(context =>
        {
            _reachedTerminal.Add(context);
            return context.RespondAsync(501).AsTask();
        });
        _pipeline = builder.Build();
    }

    public void Dispose()
    {
        _store.Dispose();
        _services.Dispose();
    }

    private async Task<SipContext> SendAsync(SipRequest request, SipFlow? flow = null)
    {
        var context = new SipContext(request, flow ?? new RecordingFlow(), new SipResponseSender(), _services);
        await _pipeline(context);
        return context;
    }

    private string Authorization(string method = "REGISTER", string uri = "sip:example.com", string password = DigestTestKit.Password) =>
        method == "REGISTER"
            ? DigestTestKit.Authorization(_kit.NewNonce(), password: password, method: method, uri: uri)
            : DigestTestKit.Authorization(_kit.NewNonce(proxy: true), password: password, method: method, uri: uri, header: "Proxy-Authorization");

    [Fact]
    public async Task REGISTER_without_credentials_is_challenged_and_goes_no_further()
    {
        var context = await SendAsync(DigestTestKit.Request());

        Assert.Equal(401, context.FinalResponse!.StatusCode);
        Assert.Contains("Digest", context.FinalResponse.Headers.GetValue(SipHeaderId.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        Assert.Empty(_reachedTerminal);
        Assert.Equal(0, _store.BindingCount);
    }

    [Fact]
    public async Task Authenticated_REGISTER_reaches_the_registrar_which_files_the_ephemeral_user_and_echoes_the_contact()
    {
        var context = await SendAsync(DigestTestKit.Request(authLines: Authorization()));

        Assert.Equal(200, context.FinalResponse!.StatusCode);
        Assert.Contains("<sip:x1y2@yyyy.invalid;transport=ws>", context.FinalResponse.Headers.GetValue(SipHeaderId.Contact).ToString(), StringComparison.Ordinal);
        Assert.Equal(DigestTestKit.Username, context.User!.Identity!.Name);
        Assert.Equal("alice", context.User.FindFirstValue(SipDigestAuthMiddleware.UserClaimType));
        Assert.Equal("example.com", context.User.FindFirstValue(SipDigestAuthMiddleware.DomainClaimType));
        Assert.Single((await _store.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings);
        Assert.Empty(_reachedTerminal);
        var outcome = SipDigestAuthMiddleware.GetOutcome(context);
        Assert.True(outcome!.IsAuthenticated);
        Assert.Equal("alice", outcome.User);
    }

    [Fact]
    public async Task REGISTER_with_a_wrong_password_is_challenged_again_by_default()
    {
        var context = await SendAsync(DigestTestKit.Request(authLines: Authorization(password: "AAAA" + DigestTestKit.Password[4..])));

        Assert.Equal(401, context.FinalResponse!.StatusCode);
        Assert.Null(context.User);
        Assert.Null(SipDigestAuthMiddleware.GetOutcome(context));
        Assert.Equal(0, _store.BindingCount);
    }

    [Fact]
    public async Task A_request_neither_from_nor_to_a_local_domain_gets_403_Not_relaying()
    {
        var context = await SendAsync(DigestTestKit.Request("INVITE", "sip:bob@elsewhere.example", "sip:carol@foreign.example", "sip:bob@elsewhere.example"));

        Assert.Equal(403, context.FinalResponse!.StatusCode);
        Assert.Equal("Not relaying", context.FinalResponse.ReasonPhrase);
        Assert.Empty(_reachedTerminal);
    }

    [Fact]
    public async Task A_request_from_a_local_domain_without_credentials_gets_407()
    {
        var context = await SendAsync(DigestTestKit.Request("INVITE", "sip:bob@elsewhere.example", to: "sip:bob@elsewhere.example"));

        Assert.Equal(407, context.FinalResponse!.StatusCode);
        Assert.True(context.FinalResponse.Headers.Contains(SipHeaderId.ProxyAuthenticate));
        Assert.Empty(_reachedTerminal);
    }

    [Fact]
    public async Task An_authenticated_request_from_a_local_domain_passes_on_with_its_credentials_consumed()
    {
        var request = DigestTestKit.Request("INVITE", "sip:bob@elsewhere.example", to: "sip:bob@elsewhere.example",
            authLines: Authorization("INVITE", "sip:bob@elsewhere.example"));

        var context = await SendAsync(request);

        Assert.Equal(501, context.FinalResponse!.StatusCode);
        var reached = Assert.Single(_reachedTerminal);
        Assert.Equal(DigestTestKit.Username, reached.User!.Identity!.Name);
        Assert.False(reached.Request.Headers.Contains(SipHeaderId.ProxyAuthorization));
    }

    [Fact]
    public async Task A_request_from_a_foreign_domain_to_a_local_user_passes_without_authentication()
    {
        var context = await SendAsync(DigestTestKit.Request("INVITE", "sip:alice@example.com", "sip:carol@foreign.example", "sip:alice@example.com"));

        Assert.Equal(501, context.FinalResponse!.StatusCode);
        Assert.Null(Assert.Single(_reachedTerminal).User);
    }

    [Fact]
    public async Task Bindings_registered_over_a_connection_go_when_it_closes()
    {
        var flow = new RecordingFlow();
        var context = await SendAsync(DigestTestKit.Request(authLines: Authorization()), flow);
        Assert.Equal(200, context.FinalResponse!.StatusCode);
        Assert.Equal(1, _store.BindingCount);
        Assert.Equal("test-1", (await _store.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings[0].FlowId);

        flow.Close();

        for (var i = 0; i < 100 && _store.BindingCount > 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, _store.BindingCount);
    }
}
