using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>FACTS.md §3: <c>sip:&lt;expiry&gt;:&lt;user&gt;@domain</c> with digest user <c>&lt;expiry&gt;:&lt;user&gt;</c>.</summary>
public class RegistrarEphemeralAorTests
{
    private const string EphemeralTo = "<sip:1700000000:alice@example.com>";

    private static readonly RegistrationContext Alice = new() { AuthenticatedUser = "1700000000:alice" };

    [Fact]
    public async Task Authenticated_user_rule_files_the_binding_under_the_user_the_credential_names()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: EphemeralTo, contacts: ["<sip:x@y.invalid;transport=ws>;expires=600"]), Alice);

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:alice@example.com", outcome.Aor);
        Assert.Single((await kit.Store.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings);
        Assert.Empty((await kit.Store.GetAsync("sip:1700000000@example.com", CancellationToken.None)).Bindings);
    }

    [Fact]
    public async Task To_uri_rule_files_the_binding_under_the_timestamp_as_kamailio_does()
    {
        using var kit = new RegistrarKit(o => o.EphemeralAorRule = EphemeralAorRule.ToUri);

        var outcome = await kit.SendAsync(Register(to: EphemeralTo, contacts: ["<sip:x@y.invalid;transport=ws>;expires=600"]), Alice);

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:1700000000@example.com", outcome.Aor);
    }

    [Fact]
    public async Task Digest_username_carrying_the_email_domain_still_maps_to_the_local_part()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(
            Register(to: EphemeralTo, contacts: ["<sip:x@y.invalid>"]),
            new RegistrationContext { AuthenticatedUser = "1700000000:alice@gmail.com" });

        Assert.Equal("sip:alice@example.com", outcome.Aor);
    }

    [Fact]
    public async Task Without_authentication_the_to_uri_user_is_the_aor()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: EphemeralTo, contacts: ["<sip:x@y.invalid>"]));

        Assert.Equal("sip:1700000000@example.com", outcome.Aor);
    }

    [Fact]
    public async Task Address_of_record_named_by_the_credential_registers_under_that_name()
    {
        // The credential service's modern fields: register sipUri sip:alice@example.com, answer as 1700000000:alice.
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: "<sip:alice@example.com>", contacts: ["<sip:x@y.invalid;transport=ws>"]), Alice);

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:alice@example.com", outcome.Aor);
    }

    [Fact]
    public async Task Address_of_record_of_another_name_is_forbidden_to_an_ephemeral_user()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: "<sip:bob@example.com>", contacts: ["<sip:x@y.invalid>"]), Alice);

        Assert.Equal(403, outcome.Response.StatusCode);
    }

    [Fact]
    public async Task Another_users_timestamp_uri_is_forbidden()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Register(to: "<sip:1700000999:bob@example.com>", contacts: ["<sip:x@y.invalid>"]), Alice);

        Assert.Equal(403, outcome.Response.StatusCode);
    }

    [Fact]
    public async Task The_query_of_an_ephemeral_user_lists_the_binding_filed_under_its_name()
    {
        using var kit = new RegistrarKit();
        await kit.SendAsync(Register(to: EphemeralTo, contacts: ["<sip:x@y.invalid>"], callId: "r"), Alice);

        var query = await kit.SendAsync(Register(to: EphemeralTo, callId: "q"), Alice);

        Assert.Single(Contacts(Wire(query.Response)));
    }
}
