using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>The registrar verdicts of RFC 4475 (§3.3.4, §3.3.12-14) on the torture messages themselves.</summary>
public class RegistrarRfc4475Tests
{
    private static byte[] Load(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Sip", "Conformance", "rfc4475", name + ".dat"));

    [Fact]
    public async Task Cparam01_unknownparam_is_a_contact_parameter_not_a_uri_parameter()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Load("cparam01"));
        var contact = Assert.Single(Contacts(Wire(outcome.Response)));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:+19725552222@gw1.example.net", contact.Uri.ToString());
        Assert.True(contact.Uri.Parameters.IsEmpty);
        Assert.True(contact.Parameters.Contains("unknownparam"u8));
        Assert.Equal("sip:+19725552222@gw1.example.net", Assert.Single(outcome.Bindings).ContactUri);
    }

    [Fact]
    public async Task Cparam02_uri_parameter_inside_brackets_stays_on_the_stored_uri()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Load("cparam02"));
        var later = await kit.QueryAsync("<sip:watson@example.com>");
        var contact = Assert.Single(Contacts(Wire(later.Response)));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:+19725552222@gw1.example.net;unknownparam", contact.Uri.ToString());
        Assert.True(contact.Uri.Parameters.Contains("unknownparam"u8));
        Assert.False(contact.Parameters.Contains("unknownparam"u8));
    }

    [Fact]
    public async Task Regescrt_stored_contact_keeps_its_escaped_route_header()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Load("regescrt"));
        var contact = Assert.Single(Contacts(Wire(outcome.Response)));

        Assert.Equal(200, outcome.Response.StatusCode);
        Assert.Equal("sip:user@example.com?Route=%3Csip:sip.example.com%3E", contact.Uri.ToString());
        Assert.Equal("Route=%3Csip:sip.example.com%3E", contact.Uri.Headers.ToString());
        Assert.Equal("sip:user@example.com?Route=%3Csip:sip.example.com%3E", Assert.Single(outcome.Bindings).ContactUri);
    }

    [Fact]
    public async Task Unksm2_to_with_an_unknown_scheme_is_400()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Load("unksm2"));

        Assert.Equal(400, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.InvalidTo, outcome.Refusal);
        Assert.Equal(0, kit.Store.BindingCount);
    }

    [Fact]
    public async Task Regbadct_unparsable_contact_is_400()
    {
        using var kit = new RegistrarKit();

        var outcome = await kit.SendAsync(Load("regbadct"));

        Assert.Equal(400, outcome.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.InvalidContact, outcome.Refusal);
    }
}
