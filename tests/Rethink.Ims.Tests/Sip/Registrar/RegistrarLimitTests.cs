using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class RegistrarLimitTests
{
    [Fact]
    public async Task A_contact_beyond_the_per_aor_limit_is_503_but_refreshes_at_the_limit_pass()
    {
        using var kit = new RegistrarKit(o => { o.MaxContactsPerAor = 2; o.RetryAfterSeconds = 30; });
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], callId: "a"));
        await kit.SendAsync(Register(contacts: ["<sip:b@192.0.2.1>"], callId: "b"));

        var third = await kit.SendAsync(Register(contacts: ["<sip:c@192.0.2.1>"], callId: "c"));
        var refresh = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>"], callId: "a", cseq: 2));
        var swap = await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=0", "<sip:c@192.0.2.1>"], callId: "a", cseq: 3));

        Assert.Equal(503, third.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.TooManyContacts, third.Refusal);
        Assert.Equal("30", Wire(third.Response).Headers.GetValue(SipHeaderId.RetryAfter).ToString());
        Assert.Equal(200, refresh.Response.StatusCode);
        Assert.Equal(200, swap.Response.StatusCode);
        Assert.Equal(["sip:b@192.0.2.1", "sip:c@192.0.2.1"], swap.Bindings.Select(b => b.ContactUri).Order());
    }

    [Fact]
    public async Task A_binding_beyond_the_total_limit_is_503_store_full()
    {
        using var kit = new RegistrarKit(o => { o.MaxBindings = 3; o.MaxContactsPerAor = 2; });
        await kit.SendAsync(Register(to: "<sip:u1@example.com>", contacts: ["<sip:a@192.0.2.1>", "<sip:b@192.0.2.1>"]));
        await kit.SendAsync(Register(to: "<sip:u2@example.com>", contacts: ["<sip:a@192.0.2.1>"]));

        var full = await kit.SendAsync(Register(to: "<sip:u3@example.com>", contacts: ["<sip:a@192.0.2.1>"]));
        await kit.SendAsync(Register(to: "<sip:u2@example.com>", contacts: ["*"], expires: "0", callId: "bye"));
        var afterRemoval = await kit.SendAsync(Register(to: "<sip:u3@example.com>", contacts: ["<sip:a@192.0.2.1>"], callId: "again"));

        Assert.Equal(503, full.Response.StatusCode);
        Assert.Equal(RegistrarRefusal.StoreFull, full.Refusal);
        Assert.Equal(200, afterRemoval.Response.StatusCode);
        Assert.Equal(3, kit.Store.BindingCount);
    }

    [Fact]
    public async Task Parallel_registrations_of_many_aors_neither_lose_nor_duplicate_bindings()
    {
        using var kit = new RegistrarKit(o => o.MaxBindings = 10_000);
        const int users = 200;

        await Task.WhenAll(Enumerable.Range(0, users * 3).Select(i => Task.Run(() =>
            kit.SendAsync(Register(to: $"<sip:user{i % users}@example.com>", contacts: [$"<sip:c{i / users}@192.0.2.1>"], callId: $"call-{i}")))));

        Assert.Equal(users * 3, kit.Store.BindingCount);
        Assert.Equal(users, kit.Store.AorCount);
        for (var u = 0; u < users; u++)
        {
            var bindings = (await kit.Store.GetAsync($"sip:user{u}@example.com", CancellationToken.None)).Bindings;
            Assert.Equal(["sip:c0@192.0.2.1", "sip:c1@192.0.2.1", "sip:c2@192.0.2.1"], bindings.Select(b => b.ContactUri).Order());
        }
    }

    [Fact]
    public async Task Parallel_registrations_of_one_aor_neither_lose_nor_duplicate_bindings()
    {
        using var kit = new RegistrarKit(o => o.MaxContactsPerAor = 100);
        const int contacts = 40;

        // Each contact is registered twice concurrently (two Call-IDs), so racing writers both add and refresh.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, contacts * 2).Select(i => Task.Run(() =>
            kit.SendAsync(Register(contacts: [$"<sip:c{i % contacts}@192.0.2.1>"], callId: $"call-{i}")))));

        Assert.All(outcomes, o => Assert.Equal(200, o.Response.StatusCode));
        var bindings = (await kit.QueryAsync()).Bindings;
        Assert.Equal(contacts, bindings.Count);
        Assert.Equal(contacts, bindings.Select(b => b.ContactUri).Distinct().Count());
        Assert.Equal(contacts, kit.Store.BindingCount);
    }

    [Fact]
    public async Task Parallel_writes_and_flow_closes_keep_the_binding_count_exact()
    {
        using var kit = new RegistrarKit(o => o.MaxContactsPerAor = 100);
        var flows = Enumerable.Range(0, 20).Select(i => new RegistrationContext { FlowId = "f" + (i % 4) }).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            kit.SendAsync(Register(to: $"<sip:u{i % 5}@example.com>", contacts: [$"<sip:c{i}@192.0.2.1>"], callId: $"c{i}"), flows[i]))));
        var closed = await Task.WhenAll(Enumerable.Range(0, 4).Select(f => Task.Run(() =>
            kit.Registrar.OnFlowClosedAsync("f" + f, CancellationToken.None).AsTask())));

        Assert.Equal(20, closed.Sum());
        Assert.Equal(0, kit.Store.BindingCount);
        Assert.Equal(0, kit.Store.AorCount);
    }
}
