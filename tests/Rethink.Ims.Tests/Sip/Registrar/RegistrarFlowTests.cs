using System.Net;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>Path (RFC 3327) and outbound flows (RFC 5626).</summary>
public class RegistrarFlowTests
{
    private static RegistrationContext Flow(string id) => new()
    {
        FlowId = id,
        Transport = SipTransportKind.Wss,
        Source = new IPEndPoint(IPAddress.Loopback, 40000),
    };

    [Fact]
    public async Task Path_is_stored_and_echoed_when_the_client_supports_path()
    {
        using var kit = new RegistrarKit();
        var message = Register(
            contacts: ["<sip:a@192.0.2.1>"],
            extra: ["Path: <sip:edge2.example.com;lr>", "Path: <sip:edge1.example.com;lr>", "Supported: path"]);

        var outcome = await kit.SendAsync(message);
        var response = Wire(outcome.Response);

        Assert.Equal(["<sip:edge2.example.com;lr>", "<sip:edge1.example.com;lr>"], Assert.Single(outcome.Bindings).Path);
        Assert.Equal(["<sip:edge2.example.com;lr>", "<sip:edge1.example.com;lr>"], Paths(response));
    }

    [Fact]
    public async Task Path_is_stored_but_not_echoed_without_supported_path()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], extra: ["Path: <sip:edge1.example.com;lr>"]));

        Assert.Single(Assert.Single(outcome.Bindings).Path);
        Assert.True(Wire(outcome.Response).Path.IsEmpty);
    }

    [Fact]
    public async Task Re_register_with_the_same_instance_and_reg_id_moves_the_binding_to_the_new_flow()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(JsSip(cseq: 1), Flow("f1"));

        // After a reconnect JsSIP keeps its Call-ID and instance but the transport gives a new contact URI.
        var moved = JsSip(cseq: 2).Replace("k3v9q2rt@8j2m4n6p", "zz99yy88@newhost", StringComparison.Ordinal);
        var outcome = await kit.SendAsync(moved, Flow("f2"));

        var binding = Assert.Single(outcome.Bindings);
        Assert.Equal("f2", binding.FlowId);
        Assert.Equal("sip:zz99yy88@newhost.invalid;transport=ws", binding.ContactUri);
        Assert.Equal(0, await kit.Registrar.OnFlowClosedAsync("f1", CancellationToken.None));
        Assert.Single((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task Same_instance_with_another_reg_id_is_a_second_binding()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(JsSip(cseq: 1), Flow("f1"));

        var second = JsSip(cseq: 2).Replace("reg-id=1", "reg-id=2", StringComparison.Ordinal).Replace("k3v9q2rt", "other", StringComparison.Ordinal);
        var outcome = await kit.SendAsync(second, Flow("f2"));

        Assert.Equal(2, outcome.Bindings.Count);
    }

    [Fact]
    public async Task Closing_a_flow_removes_the_bindings_registered_over_it()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(JsSip(user: "alice"), Flow("f1"));
        await kit.SendAsync(JsSip(user: "bob"), Flow("f1"));
        await kit.SendAsync(SipJs(), Flow("f2"));

        var removed = await kit.Registrar.OnFlowClosedAsync("f1", CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal("f2", Assert.Single((await kit.QueryAsync()).Bindings).FlowId);
        Assert.Empty((await kit.QueryAsync("<sip:bob@example.com>")).Bindings);
    }

    [Fact]
    public async Task Mark_unreachable_policy_keeps_the_binding_flagged_until_a_new_flow_replaces_it()
    {
        using var kit = new RegistrarKit(o => o.DeadFlowPolicy = DeadFlowPolicy.MarkUnreachable);
        await kit.SendAsync(JsSip(cseq: 1), Flow("f1"));

        Assert.Equal(1, await kit.Registrar.OnFlowClosedAsync("f1", CancellationToken.None));
        Assert.True(Assert.Single((await kit.QueryAsync()).Bindings).IsFlowClosed);

        var outcome = await kit.SendAsync(JsSip(cseq: 2), Flow("f3"));
        var binding = Assert.Single(outcome.Bindings);
        Assert.False(binding.IsFlowClosed);
        Assert.Equal("f3", binding.FlowId);
    }

    [Fact]
    public async Task Outbound_through_a_first_hop_path_without_ob_is_439()
    {
        using var kit = new RegistrarKit();
        var message = JsSip().Replace("Supported: path,gruu,outbound", "Supported: path,gruu,outbound\r\nPath: <sip:edge.example.com;lr>", StringComparison.Ordinal);

        var outcome = await kit.SendAsync(message, Flow("f1"));

        Assert.Equal(439, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.FirstHopLacksOutbound, outcome.Refusal);
    }

    [Fact]
    public async Task Outbound_through_a_first_hop_path_with_ob_is_accepted_with_require_outbound()
    {
        using var kit = new RegistrarKit();
        var message = JsSip().Replace("Supported: path,gruu,outbound", "Supported: path,gruu,outbound\r\nPath: <sip:edge.example.com;lr;ob>", StringComparison.Ordinal);

        var response = await kit.SendAndReparseAsync(message, Flow("f1"));

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Require.Contains("outbound"));
        Assert.Single(Paths(response), "<sip:edge.example.com;lr;ob>");
    }

    [Fact]
    public async Task Two_contacts_with_reg_id_are_400()
    {
        using var kit = new RegistrarKit();
        var message = Register(
            contacts: ["<sip:a@h.invalid>;reg-id=1;+sip.instance=\"<urn:uuid:1>\"", "<sip:b@h.invalid>;reg-id=2;+sip.instance=\"<urn:uuid:1>\""],
            extra: ["Supported: outbound"]);

        var outcome = await kit.SendAsync(message, Flow("f1"));

        Assert.Equal(400, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.MultipleRegIds, outcome.Refusal);
    }

    [Fact]
    public async Task Reg_id_without_supported_outbound_is_not_outbound()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@h.invalid>;reg-id=1;+sip.instance=\"<urn:uuid:1>\""]), Flow("f1"));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.False(Assert.Single(outcome.Bindings).IsOutbound);
        Assert.False(Wire(outcome.Response).Require.Contains("outbound"));
    }
}
