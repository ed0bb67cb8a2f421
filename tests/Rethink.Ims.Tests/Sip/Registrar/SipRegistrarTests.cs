using System.Net;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class SipRegistrarTests
{
    private static readonly RegistrationContext WsFlow1 = new()
    {
        FlowId = "flow-1",
        Transport = SipTransportKind.Wss,
        Source = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40001),
    };

    private static readonly RegistrationContext WsFlow2 = WsFlow1 with { FlowId = "flow-2", Source = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40002) };

    [Fact]
    public async Task JsSip_register_gets_200_echoing_its_contact_with_expires_require_outbound_and_date()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(JsSip(), WsFlow1);
        var response = Wire(outcome.Response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(RegistrarAction.Update, outcome.Action);
        var contact = Assert.Single(Contacts(response));
        Assert.Equal("sip:k3v9q2rt@8j2m4n6p.invalid;transport=ws", contact.Uri.ToString());
        Assert.Equal(600u, contact.Expires);
        Assert.Equal(1u, contact.RegId);
        Assert.Equal("<urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab>", contact.Instance.ToString());
        Assert.True(contact.Parameters.Contains("+sip.ice"u8));
        Assert.True(response.Require.Contains("outbound"));
        Assert.True(response.TryGetDate(out var date));
        Assert.Equal(Start, date);
        Assert.True(response.To.HasTag);
        Assert.Equal("jssip-call", response.CallId.ToString());

        var binding = Assert.Single(outcome.Added);
        Assert.Equal("sip:alice@example.com", binding.Aor);
        Assert.Equal("flow-1", binding.FlowId);
        Assert.Equal(SipTransportKind.Wss, binding.Transport);
        Assert.Equal("198.51.100.7:40001", binding.SourceEndPoint);
        Assert.True(binding.IsOutbound);
        Assert.Equal(Start.AddSeconds(600), binding.ExpiresAt);
    }

    [Fact]
    public async Task SipJs_register_with_only_the_contact_expires_gets_200_without_require_outbound()
    {
        using var kit = new RegistrarKit();

        var response = await kit.SendAndReparseAsync(SipJs(), WsFlow1);

        Assert.Equal(200, response.StatusCode);
        var contact = Assert.Single(Contacts(response));
        Assert.Equal("sip:r4nd0m@q1w2e3r4.invalid;transport=ws", contact.Uri.ToString());
        Assert.Equal(600u, contact.Expires);
        Assert.False(response.Require.Contains("outbound"));
    }

    [Fact]
    public async Task Refresh_with_a_higher_cseq_rewrites_the_binding_instead_of_adding_one()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(SipJs(cseq: 2));
        kit.Advance(300);

        var outcome = await kit.SendAsync(SipJs(cseq: 3));

        Assert.Empty(outcome.Added);
        var refreshed = Assert.Single(outcome.Refreshed);
        Assert.Equal(Start.AddSeconds(900), refreshed.ExpiresAt);
        Assert.Equal(600u, Assert.Single(Contacts(Wire(outcome.Response))).Expires);
        Assert.Single((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task Unregister_with_contact_expires_zero_removes_the_binding()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(SipJs(cseq: 2));

        var outcome = await kit.SendAsync(SipJs(cseq: 3, expires: 0));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Single(outcome.Removed);
        Assert.Empty(Contacts(Wire(outcome.Response)));
        Assert.Empty((await kit.QueryAsync()).Bindings);
        Assert.Equal(0, kit.Store.AorCount);
    }

    [Fact]
    public async Task Unregister_with_expires_header_zero_removes_the_binding()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], expires: "600", cseq: 1));

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], expires: "0", cseq: 2));

        Assert.Single(outcome.Removed);
        Assert.Empty((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task JsSip_unregister_with_both_zero_expiries_removes_its_binding()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(JsSip(cseq: 1), WsFlow1);

        var outcome = await kit.SendAsync(JsSip(cseq: 2, expires: 0), WsFlow1);

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Single(outcome.Removed);
        Assert.Empty((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task Wildcard_with_expires_zero_removes_every_binding()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], callId: "one"));
        await kit.SendAsync(Register(contacts: ["<sip:b@192.0.2.2>"], callId: "two"));

        var outcome = await kit.SendAsync(Register(contacts: ["*"], expires: "0", callId: "three"));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal(RegistrarAction.RemoveAll, outcome.Action);
        Assert.Equal(2, outcome.Removed.Count);
        Assert.Empty(Contacts(Wire(outcome.Response)));
        Assert.Empty((await kit.QueryAsync()).Bindings);
    }

    [Theory]
    [InlineData(null, new[] { "*" })]
    [InlineData("10", new[] { "*" })]
    [InlineData("0", new[] { "*", "<sip:a@192.0.2.1>" })]
    public async Task Wildcard_without_expires_zero_or_with_other_contacts_is_400_and_changes_nothing(string? expires, string[] contacts)
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], callId: "one"));

        var outcome = await kit.SendAsync(Register(contacts: contacts, expires: expires, callId: "two"));

        Assert.Equal(400, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.InvalidWildcard, outcome.Refusal);
        Assert.Single((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task Expiry_below_the_minimum_is_423_with_min_expires_but_zero_is_allowed()
    {
        using var kit = new RegistrarKit(o => o.MinExpires = 120);

        var brief = Wire((await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=119"]))).Response);
        var zero = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=0"], cseq: 2));
        var enough = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=120"], cseq: 3));

        Assert.Equal(423, brief.StatusCode);
        Assert.Equal(120u, brief.MinExpires);
        Assert.Equal(200, zero.Response.StatusCode);
        Assert.Equal(200, enough.Response.StatusCode);
    }

    [Fact]
    public async Task Expiry_above_the_maximum_is_shortened_to_it()
    {
        using var kit = new RegistrarKit(o => o.MaxExpires = 1800);

        var response = await kit.SendAndReparseAsync(Register(contacts: ["<sip:a@192.0.2.1>"], expires: "7200"));

        Assert.Equal(1800u, Assert.Single(Contacts(response)).Expires);
    }

    [Fact]
    public async Task Without_any_expiry_the_default_applies_and_the_contact_parameter_beats_the_header()
    {
        using var kit = new RegistrarKit(o => o.DefaultExpires = 900);

        var none = await kit.SendAndReparseAsync(Register(contacts: ["<sip:a@192.0.2.1>"]));
        var both = await kit.SendAndReparseAsync(Register(contacts: ["<sip:b@192.0.2.1>;expires=120"], expires: "600", callId: "other"));

        Assert.Equal(900u, Assert.Single(Contacts(none)).Expires);
        var listed = Contacts(both);
        Assert.Equal(120u, listed.Single(c => c.Uri.User.Equals("b")).Expires);
        Assert.Equal(900u, listed.Single(c => c.Uri.User.Equals("a")).Expires);
    }

    [Fact]
    public async Task A_lapsed_binding_is_gone_from_the_next_200_and_from_the_store_after_the_sweep()
    {
        using var kit = new RegistrarKit(o => o.SweepInterval = TimeSpan.FromSeconds(30));
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=600"], callId: "a"));
        await kit.SendAsync(Register(contacts: ["<sip:b@192.0.2.1>;expires=1200"], callId: "b"));

        kit.Advance(600);
        var response = Wire((await kit.QueryAsync()).Response);

        var left = Assert.Single(Contacts(response));
        Assert.Equal("sip:b@192.0.2.1", left.Uri.ToString());
        Assert.Equal(600u, left.Expires);
        Assert.Equal(1, kit.Store.BindingCount);
        kit.Advance(600);
        Assert.Equal(0, kit.Store.BindingCount);
        Assert.Equal(0, kit.Store.AorCount);
    }

    [Theory]
    [InlineData(5u)]
    [InlineData(4u)]
    public async Task Same_call_id_with_a_cseq_not_higher_is_500_and_leaves_the_binding(uint cseq)
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], expires: "600", cseq: 5));

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], expires: "0", cseq: cseq));

        Assert.Equal(500, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.OutOfOrder, outcome.Refusal);
        var binding = Assert.Single((await kit.QueryAsync()).Bindings);
        Assert.Equal(5u, binding.CSeq);
    }

    [Fact]
    public async Task A_new_call_id_may_use_any_cseq()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], cseq: 50, callId: "old"));

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], cseq: 1, callId: "new"));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("new", Assert.Single(outcome.Refreshed).CallId);
    }

    [Fact]
    public async Task One_out_of_order_contact_aborts_the_whole_request()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], cseq: 5, callId: "c"));

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:b@192.0.2.1>", "<sip:a@192.0.2.1>"], cseq: 5, callId: "c"));

        Assert.Equal(500, outcome.Response.StatusCode);
        Assert.Equal("sip:a@192.0.2.1", Assert.Single((await kit.QueryAsync()).Bindings).ContactUri);
    }

    [Fact]
    public async Task Wildcard_with_the_same_call_id_and_an_old_cseq_is_500()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], cseq: 5, callId: "c"));

        var outcome = await kit.SendAsync(Register(contacts: ["*"], expires: "0", cseq: 5, callId: "c"));

        Assert.Equal(500, outcome.Response.StatusCode);
        Assert.Single((await kit.QueryAsync()).Bindings);
    }

    [Fact]
    public async Task Q_values_are_kept_and_echoed_and_stay_absent_when_not_given()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;q=0.5", "<sip:b@192.0.2.1>"]));

        Assert.Equal(0.5, outcome.Added.Single(b => b.ContactUri == "sip:a@192.0.2.1").Q);
        Assert.Null(outcome.Added.Single(b => b.ContactUri == "sip:b@192.0.2.1").Q);
        var listed = Contacts(Wire(outcome.Response));
        Assert.Equal(0.5, listed.Single(c => c.Uri.User.Equals("a")).Q);
        Assert.Null(listed.Single(c => c.Uri.User.Equals("b")).Q);
    }

    [Fact]
    public async Task The_200_lists_every_binding_with_its_remaining_expiry()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=3600"], callId: "a"));
        kit.Advance(100);
        await kit.SendAsync(Register(contacts: ["<sip:b@192.0.2.1>;expires=600"], callId: "b"));
        kit.Advance(50);

        var response = await kit.SendAndReparseAsync(Register(contacts: ["<sip:c@192.0.2.1>;expires=60"], callId: "c"));

        var listed = Contacts(response).ToDictionary(c => c.Uri.User.ToString(), c => c.Expires);
        Assert.Equal(new Dictionary<string, uint?> { ["a"] = 3450, ["b"] = 550, ["c"] = 60 }, listed);
        Assert.True(response.TryGetDate(out var date));
        Assert.Equal(Start.AddSeconds(150), date);
    }

    [Fact]
    public async Task A_contact_too_long_for_the_stack_buffer_is_listed_whole_with_its_display_name_and_parameters()
    {
        using var kit = new RegistrarKit();
        var user = new string('u', 600);

        var response = await kit.SendAndReparseAsync(Register(contacts: [$"\"Bob\" <sip:{user}@192.0.2.1;transport=tcp>;+sip.ice;expires=60"]));

        var listed = response.Headers.GetValue(SipHeaderId.Contact).ToString();
        Assert.Equal($"\"Bob\" <sip:{user}@192.0.2.1;transport=tcp>;+sip.ice;expires=60", listed);
    }

    [Fact]
    public async Task Register_without_contact_is_a_query_that_changes_nothing()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(SipJs());

        var outcome = await kit.QueryAsync();

        Assert.Equal(RegistrarAction.Query, outcome.Action);
        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Single(Contacts(Wire(outcome.Response)));
        Assert.Empty(outcome.Added);
        Assert.Empty(outcome.Refreshed);
    }

    [Fact]
    public async Task A_contact_written_with_display_name_and_parameters_is_echoed_with_them()
    {
        using var kit = new RegistrarKit();

        var response = await kit.SendAndReparseAsync(Register(contacts: ["\"Alice W\" <sip:a@192.0.2.1;transport=tcp>;expires=300;+sip.ice;foo=\"bar\""]));

        Assert.Equal("\"Alice W\" <sip:a@192.0.2.1;transport=tcp>;+sip.ice;foo=\"bar\";expires=300", response.Headers.GetValue(SipHeaderId.Contact).ToString());
    }

    [Fact]
    public async Task Foreign_request_uri_domain_is_404()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(requestUri: "sip:other.net", contacts: ["<sip:a@192.0.2.1>"]));

        Assert.Equal(404, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.DomainNotServed, outcome.Refusal);
    }

    [Fact]
    public async Task Foreign_to_domain_is_404_and_request_uri_domains_match_case_insensitively()
    {
        using var kit = new RegistrarKit();

        var foreign = await kit.SendAsync(Register(to: "<sip:alice@other.net>", contacts: ["<sip:a@192.0.2.1>"]));
        var upper = await kit.SendAsync(Register(requestUri: "sip:EXAMPLE.com", to: "<sip:alice@Example.COM:5060;transport=tcp>", contacts: ["<sip:a@192.0.2.1>"]));

        Assert.Equal(404, foreign.Response.StatusCode);
        Assert.Equal(200, upper.Response.StatusCode);
        Assert.Equal("sip:alice@example.com", upper.Aor);
    }

    [Fact]
    public async Task Aor_is_canonical_sip_scheme_unescaped_user_lower_case_host()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: "<sips:%61lice@EXAMPLE.COM:5061;user=phone>", contacts: ["<sips:a@192.0.2.1>"]));

        Assert.Equal("sip:alice@example.com", outcome.Aor);
        Assert.Equal("sip:alice@example.com", Assert.Single(outcome.Bindings).Aor);
    }

    [Fact]
    public async Task Require_of_an_unsupported_extension_is_420_with_unsupported()
    {
        using var kit = new RegistrarKit();

        var response = Wire((await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], extra: ["Require: path, gruu, foo, bar"]))).Response);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("foo, bar", response.Headers.GetValue(SipHeaderId.Unsupported).ToString());
    }

    [Fact]
    public async Task Require_gruu_is_420_when_GRUUs_are_turned_off()
    {
        using var kit = new RegistrarKit(o => o.EnableGruu = false);

        var response = Wire((await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], extra: ["Require: path, gruu"]))).Response);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("gruu", response.Headers.GetValue(SipHeaderId.Unsupported).ToString());
    }

    [Fact]
    public async Task An_authenticated_user_may_not_register_someone_elses_aor()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: "<sip:bob@example.com>", contacts: ["<sip:a@192.0.2.1>"]), new RegistrationContext { AuthenticatedUser = "alice" });
        var own = await kit.SendAsync(Register(to: "<sip:alice@example.com>", contacts: ["<sip:a@192.0.2.1>"]), new RegistrationContext { AuthenticatedUser = "alice" });

        Assert.Equal(403, outcome.Response.StatusCode);
        Assert.Equal(200, own.Response.StatusCode);
    }

    [Fact]
    public async Task Invalid_contact_is_400()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1"]));

        Assert.Equal(400, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.InvalidContact, outcome.Refusal);
    }

    [Fact]
    public async Task Non_register_is_a_caller_bug()
    {
        using var kit = new RegistrarKit();
        using var options = Parse(System.Text.Encoding.UTF8.GetBytes(Register().Replace("REGISTER", "OPTIONS", StringComparison.Ordinal)));

        await Assert.ThrowsAsync<ArgumentException>(async () => await kit.Registrar.ProcessAsync(options, RegistrationContext.None, CancellationToken.None));
    }
}
