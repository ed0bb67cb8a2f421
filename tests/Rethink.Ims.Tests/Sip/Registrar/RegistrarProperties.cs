using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class RegistrarProperties
{
    private static Gen<(int Contact, int Expires)[]> Registrations =>
        Gen.Choose(1, 10).SelectMany(n =>
            Gen.Zip(Gen.Choose(0, 30), Gen.Choose(60, 7200)).ArrayOf(n));

    [Property(MaxTest = 60)]
    public Property Register_then_query_returns_exactly_the_registered_contacts_with_non_negative_expiry() =>
        Prop.ForAll(Registrations.ToArbitrary(), Gen.Choose(0, 4000).ToArbitrary(), (registrations, wait) =>
        {
            using var kit = new RegistrarKit(o => o.MaxContactsPerAor = 64);
            var expected = new Dictionary<string, DateTimeOffset>();
            for (var i = 0; i < registrations.Length; i++)
            {
                var (contact, expires) = registrations[i];
                var uri = $"sip:c{contact}@192.0.2.1";
                var outcome = kit.SendAsync(Register(contacts: [$"<{uri}>;expires={expires}"], callId: "c", cseq: (uint)i + 1)).GetAwaiter().GetResult();
                Assert.Equal(200, outcome.Response.StatusCode);
                expected[uri] = Start.AddSeconds(Math.Min(expires, 3600));
            }

            kit.Advance(wait);
            var now = Start.AddSeconds(wait);
            var listed = Contacts(Wire(kit.QueryAsync().GetAwaiter().GetResult().Response))
                .ToDictionary(c => c.Uri.ToString(), c => (long)c.Expires!.Value);
            var live = expected.Where(e => e.Value > now).ToDictionary(e => e.Key, e => (long)(e.Value - now).TotalSeconds);
            return listed.Count == live.Count && live.All(e => listed.TryGetValue(e.Key, out var left) && left == e.Value && left >= 0);
        });

    [Property(MaxTest = 40)]
    public Property After_the_maximum_expiry_nothing_remains() =>
        Prop.ForAll(Registrations.ToArbitrary(), Gen.Choose(60, 3600).ToArbitrary(), (registrations, max) =>
        {
            using var kit = new RegistrarKit(o => { o.MaxContactsPerAor = 64; o.MaxExpires = max; o.DefaultExpires = max; o.SweepInterval = TimeSpan.FromSeconds(60); });
            for (var i = 0; i < registrations.Length; i++)
            {
                var (contact, expires) = registrations[i];
                kit.SendAsync(Register(to: $"<sip:u{i % 3}@example.com>", contacts: [$"<sip:c{contact}@192.0.2.1>;expires={expires}"], callId: "c" + i)).GetAwaiter().GetResult();
            }

            kit.Advance(max + 60);
            return kit.Store.BindingCount == 0 && kit.Store.AorCount == 0
                && Enumerable.Range(0, 3).All(u => kit.QueryAsync($"<sip:u{u}@example.com>").GetAwaiter().GetResult().Bindings.Count == 0);
        });
}
