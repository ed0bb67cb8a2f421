using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;
using static Rethink.Ims.Tests.Sip.Proxy.SipProxyTests;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// Requests for a GRUU (RFC 5627) reach the one instance it names, where a request for the AoR forks to all instances,
/// each over one flow (RFC 5626).
/// </summary>
public sealed class SipProxyGruuTests
{
    private const string Laptop = "<urn:uuid:00000000-0000-4000-8000-00000000000a>";
    private const string Phone = "<urn:uuid:00000000-0000-4000-8000-00000000000b>";

    [Fact]
    public async Task A_public_GRUU_reaches_only_its_instance()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var laptop = new Peer();
        using var phone = new Peer();
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0), (phone, Phone, "p", 0));

        await caller.SendAsync(Invite(caller, SipGruu.Public("sip:bob@example.com", Phone)), proxy.Listener);

        var forwarded = await phone.ReceiveRequestAsync("INVITE");
        Assert.Equal($"sip:bob@{phone.EndPoint}", forwarded.RequestUri.ToString());
        Assert.True(await laptop.IsQuietAsync());
    }

    [Fact]
    public async Task A_temporary_GRUU_reaches_only_its_instance_while_the_registration_keeps_its_Call_ID()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var laptop = new Peer();
        using var phone = new Peer();
        var gruu = proxy.Services.GetRequiredService<SipRegistrar>().Gruu;
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0), (phone, Phone, "p", 0));

        await caller.SendAsync(Invite(caller, gruu.CreateTemporary("sip:bob@example.com", Laptop, "l")), proxy.Listener);
        await laptop.ReceiveRequestAsync("INVITE");
        Assert.True(await phone.IsQuietAsync());

        // Issued under another Call-ID (an earlier registration of the laptop): no binding answers to it any more.
        await caller.SendAsync(Invite(caller, gruu.CreateTemporary("sip:bob@example.com", Laptop, "before-restart")), proxy.Listener);
        await caller.ReceiveResponseAsync(480);
    }

    [Theory]
    [InlineData("ACK", 1)]
    [InlineData("BYE", 2)]
    public async Task An_in_dialog_request_to_a_GRUU_goes_to_its_instance_with_the_contact_as_Request_URI(string method, int cseq)
    {
        // JsSIP puts its public GRUU in the Contact of its dialogs, and knows itself only by its registered contact.
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var laptop = new Peer();
        using var phone = new Peer();
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0), (phone, Phone, "p", 0));
        var gruu = SipGruu.Public("sip:bob@example.com", Phone);

        await caller.SendAsync($"""
            {method} {gruu} SIP/2.0
            Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-indialog-{method};rport
            Route: <sip:127.0.0.1:{proxy.Listener.Port};lr>
            From: <sip:carol@remote.test>;tag=caller
            To: <sip:bob@example.com>;tag=callee
            Call-ID: in-dialog-gruu
            CSeq: {cseq} {method}
            Max-Forwards: 70
            Content-Length: 0


            """, proxy.Listener);

        var forwarded = await phone.ReceiveRequestAsync(method);
        Assert.Equal($"sip:bob@{phone.EndPoint}", forwarded.RequestUri.ToString());
        Assert.True(forwarded.Route.IsEmpty);
        Assert.True(await laptop.IsQuietAsync());
    }

    [Fact]
    public async Task An_instance_registered_over_two_flows_is_reached_over_the_newest_only()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var older = new Peer();
        using var newer = new Peer();
        await proxy.BindInstancesAsync("bob", (older, Laptop, "l", 60), (newer, Laptop, "l", 5));

        await caller.SendAsync(Invite(caller, SipGruu.Public("sip:bob@example.com", Laptop)), proxy.Listener);

        await newer.ReceiveRequestAsync("INVITE");
        Assert.True(await older.IsQuietAsync());
    }

    [Fact]
    public async Task A_request_for_the_AoR_reaches_each_instance_over_its_newest_flow_only()
    {
        // RFC 5626 §7: at most one contact per instance in the target set.
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var older = new Peer();
        using var newer = new Peer();
        using var phone = new Peer();
        await proxy.BindInstancesAsync("bob", (older, Laptop, "l", 60), (newer, Laptop, "l", 5), (phone, Phone, "p", 90));

        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);

        await newer.ReceiveRequestAsync("INVITE");
        await phone.ReceiveRequestAsync("INVITE");
        Assert.True(await older.IsQuietAsync());
    }

    [Fact]
    public async Task A_GRUU_of_an_unregistered_instance_is_480_and_one_never_issued_is_404()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var laptop = new Peer();
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0));

        await caller.SendAsync(Invite(caller, SipGruu.Public("sip:bob@example.com", Phone)), proxy.Listener);
        await caller.ReceiveResponseAsync(480);
        await caller.SendAsync(Invite(caller, "sip:tgruu.bm90LWEtZ3J1dQ@example.com;gr"), proxy.Listener);
        await caller.ReceiveResponseAsync(404);
        Assert.True(await laptop.IsQuietAsync());
    }

    [Fact]
    public async Task The_address_of_record_still_forks_to_every_instance()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var laptop = new Peer();
        using var phone = new Peer();
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0), (phone, Phone, "p", 0));

        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);

        await laptop.ReceiveRequestAsync("INVITE");
        await phone.ReceiveRequestAsync("INVITE");
    }

    [Fact]
    public async Task With_GRUUs_turned_off_a_GRUU_is_read_as_its_address_of_record()
    {
        await using var proxy = await ProxyHarness.StartAsync(configureServices: s => s.Configure<SipRegistrarOptions>(o => o.EnableGruu = false));
        using var caller = new Peer();
        using var laptop = new Peer();
        using var phone = new Peer();
        await proxy.BindInstancesAsync("bob", (laptop, Laptop, "l", 0), (phone, Phone, "p", 0));

        await caller.SendAsync(Invite(caller, SipGruu.Public("sip:bob@example.com", Phone)), proxy.Listener);

        await laptop.ReceiveRequestAsync("INVITE");
        await phone.ReceiveRequestAsync("INVITE");
    }
}
