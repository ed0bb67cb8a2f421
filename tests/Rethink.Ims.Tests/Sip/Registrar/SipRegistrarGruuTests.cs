using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>GRUUs (RFC 5627) given by the registrar to a REGISTER with <c>Supported: gruu</c> and a <c>+sip.instance</c>.</summary>
public class SipRegistrarGruuTests
{
    private const string Instance = "<urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab>";

    [Fact]
    public async Task A_JsSIP_registration_gets_a_public_and_a_temporary_GRUU_of_its_instance()
    {
        using var kit = new RegistrarKit();

        var response = await kit.SendAndReparseAsync(JsSip());

        Assert.Equal(200, response.StatusCode);
        var contact = Assert.Single(Contacts(response));
        Assert.Equal("\"sip:alice@example.com;gr=urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab\"", contact.Parameters.GetValue("pub-gruu"u8).ToString());
        var temporary = Temporary(contact);
        Assert.StartsWith("sip:tgruu.", temporary, StringComparison.Ordinal);
        Assert.EndsWith("@example.com;gr", temporary, StringComparison.Ordinal);

        // It names neither the user nor the instance, yet the registrar reads both back from it.
        Assert.DoesNotContain("alice", temporary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("6f1c2d3e", temporary, StringComparison.OrdinalIgnoreCase);
        var target = Resolve(kit, temporary);
        Assert.Equal("sip:alice@example.com", target.Aor);
        Assert.Equal(Instance, target.Instance);
        Assert.True(target.Reaches(Assert.Single((await kit.Store.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings)));
    }

    [Fact]
    public async Task Every_refresh_gives_a_new_temporary_GRUU_and_all_stay_valid_until_the_Call_ID_changes()
    {
        using var kit = new RegistrarKit();

        var first = Single(await kit.SendAndReparseAsync(JsSip(callId: "one", cseq: 1)));
        var second = Single(await kit.SendAndReparseAsync(JsSip(callId: "one", cseq: 2)));

        Assert.Equal(first.Parameters.GetValue("pub-gruu"u8).ToString(), second.Parameters.GetValue("pub-gruu"u8).ToString());
        Assert.NotEqual(Temporary(first), Temporary(second));
        var binding = await BindingAsync(kit);
        Assert.True(Resolve(kit, Temporary(first)).Reaches(binding));
        Assert.True(Resolve(kit, Temporary(second)).Reaches(binding));

        // The client restarted (a new Call-ID): the temporary GRUUs of the old registration no longer reach it.
        var third = Single(await kit.SendAndReparseAsync(JsSip(callId: "two", cseq: 1)));
        binding = await BindingAsync(kit);
        Assert.False(Resolve(kit, Temporary(first)).Reaches(binding));
        Assert.False(Resolve(kit, Temporary(second)).Reaches(binding));
        Assert.True(Resolve(kit, Temporary(third)).Reaches(binding));
    }

    [Fact]
    public async Task No_GRUU_without_Supported_gruu_without_an_instance_or_when_turned_off()
    {
        using (var kit = new RegistrarKit())
        {
            var withoutSupported = JsSip().Replace("Supported: path,gruu,outbound", "Supported: path,outbound", StringComparison.Ordinal);
            Assert.False(Single(await kit.SendAndReparseAsync(withoutSupported)).Parameters.Contains("pub-gruu"u8));
            var withoutInstance = await kit.SendAndReparseAsync(SipJs());
            Assert.All(Contacts(withoutInstance).Where(c => c.Instance.IsEmpty), c => Assert.False(c.Parameters.Contains("temp-gruu"u8)));
        }

        using (var off = new RegistrarKit(o => o.EnableGruu = false))
        {
            var contact = Single(await off.SendAndReparseAsync(JsSip()));
            Assert.False(contact.Parameters.Contains("pub-gruu"u8));
            Assert.False(contact.Parameters.Contains("temp-gruu"u8));
        }
    }

    [Fact]
    public async Task A_GRUU_of_this_registrar_cannot_be_registered_as_a_contact()
    {
        using var kit = new RegistrarKit();

        var own = (await kit.SendAsync(Register(contacts: ["<sip:alice@example.com;gr=urn:uuid:1>"]))).Response;
        var foreign = (await kit.SendAsync(Register(contacts: ["<sip:bob@other.example;gr=urn:uuid:2>"], callId: "c2"))).Response;

        Assert.Equal(403, own.StatusCode);
        Assert.Contains("GRUU", own.ReasonPhrase.ToString(), StringComparison.Ordinal);
        Assert.Equal(200, foreign.StatusCode);
    }

    [Fact]
    public void A_temporary_GRUU_opens_only_with_the_key_that_sealed_it()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var gruu = new SipGruu(key);
        var temporary = gruu.CreateTemporary("sip:alice@example.com", Instance, "call");

        Assert.Equal("sip:alice@example.com", Resolve(new SipGruu(key), temporary).Aor);
        Assert.True(Resolve(new SipGruu(RandomNumberGenerator.GetBytes(32)), temporary).IsUnknown);

        // Any change to the sealed token is refused, as are tokens that are not base64url or too short.
        var user = temporary["sip:".Length..temporary.IndexOf('@', StringComparison.Ordinal)];
        var flipped = user[..^1] + (user[^1] == 'A' ? 'B' : 'A');
        Assert.True(Resolve(gruu, temporary.Replace(user, flipped, StringComparison.Ordinal)).IsUnknown);
        Assert.True(Resolve(gruu, "sip:tgruu.abc@example.com;gr").IsUnknown);
        Assert.True(Resolve(gruu, "sip:tgruu.not*base64@example.com;gr").IsUnknown);
        Assert.True(Resolve(gruu, "sip:alice@example.com;gr").IsUnknown);
        Assert.False(Resolve(gruu, "sip:alice@example.com").IsGruu);
    }

    [Fact]
    public void A_public_GRUU_names_the_address_of_record_and_the_instance_escaped_where_needed()
    {
        Assert.Equal("sip:alice@example.com;gr=urn:uuid:1", SipGruu.Public("sip:alice@example.com", "<urn:uuid:1>"));
        var odd = SipGruu.Public("sip:alice@example.com", "<urn:x;y=\"z\">");
        Assert.Equal("sip:alice@example.com;gr=urn:x%3By%3D%22z%22", odd);

        var target = Resolve(new SipGruu(null), odd);
        Assert.Equal("<urn:x;y=\"z\">", target.Instance);
        Assert.Equal("sip:alice@example.com", target.Aor);
    }

    [Fact]
    public void The_temporary_GRUU_key_must_be_base64_of_an_AES_key()
    {
        var options = new SipRegistrarOptions { TemporaryGruuKey = "not a key" };
        options.LocalDomains.Add("example.com");

        var result = new SipRegistrarOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Ims:Sip:Registrar:TemporaryGruuKey", result.FailureMessage, StringComparison.Ordinal);
        options.TemporaryGruuKey = Convert.ToBase64String(new byte[16]);
        Assert.True(new SipRegistrarOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Registrars_configured_with_the_same_key_open_each_others_temporary_GRUUs()
    {
        var options = new SipRegistrarOptions { TemporaryGruuKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        options.LocalDomains.Add("example.com");
        using var store = new InMemoryLocationStore(Options.Create(options), TimeProvider.System);
        SipRegistrar Make() => new(Options.Create(options), store, TimeProvider.System);

        var temporary = Make().Gruu.CreateTemporary("sip:alice@example.com", Instance, "call");

        Assert.Equal(Instance, Resolve(Make().Gruu, temporary).Instance);
    }

    [Property(MaxTest = 100)]
    public Property A_temporary_GRUU_reads_back_as_what_it_was_made_of() =>
        Prop.ForAll(Gen.Elements("alice", "bob.smith", "+4930123", "a%20b").ToArbitrary(), Text.ToArbitrary(), Text.ToArbitrary(),
            (user, instance, callId) =>
            {
                var gruu = new SipGruu(null);
                var aor = $"sip:{user}@example.com";
                var target = Resolve(gruu, gruu.CreateTemporary(aor, instance, callId));
                return target.Aor == aor && target.Instance == instance && target.CallIdDigest == SipGruu.CallIdDigest(callId);
            });

    /// <summary>Printable ASCII of 1 to 60 characters: what a parsed instance or Call-ID holds.</summary>
    private static Gen<string> Text =>
        Gen.Choose(1, 60).SelectMany(n => Gen.Choose(32, 126).ArrayOf(n)).Select(codes => new string([.. codes.Select(c => (char)c)]));

    private static SipContact Single(SipResponse response) => Assert.Single(Contacts(response));

    private static string Temporary(SipContact contact) => contact.Parameters.GetValue("temp-gruu"u8).Unquote().ToString();

    private static async Task<SipBinding> BindingAsync(RegistrarKit kit) =>
        Assert.Single((await kit.Store.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings);

    private static SipGruuTarget Resolve(RegistrarKit kit, string uri) => Resolve(kit.Registrar.Gruu, uri);

    private static SipGruuTarget Resolve(SipGruu gruu, string uri)
    {
        Assert.True(SipUri.TryParse(uri, out var parsed), uri);
        var aor = parsed.HasUser ? $"sip:{parsed.User.Unescape()}@{parsed.Host}" : null;
        return gruu.Resolve(parsed, aor);
    }
}
