using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class InMemoryLocationStoreTests
{
    private static SipBinding Binding(string aor, string contact, DateTimeOffset expiresAt) => new()
    {
        Aor = aor,
        ContactUri = contact,
        ExpiresAt = expiresAt,
        UpdatedAt = Start,
        CallId = "c",
        CSeq = 1,
    };

    private static InMemoryLocationStore NewStore(FakeTimeProvider time, int maxBindings = 1000)
    {
        var options = new SipRegistrarOptions { MaxBindings = maxBindings };
        options.LocalDomains.Add("example.com");
        return new InMemoryLocationStore(Options.Create(options), time);
    }

    [Fact]
    public async Task Writers_racing_on_one_version_have_exactly_one_winner()
    {
        var time = new FakeTimeProvider(Start);
        using var store = NewStore(time);
        for (var round = 0; round < 300; round++)
        {
            var aor = "sip:u" + round + "@example.com";
            await store.TryReplaceAsync(aor, 0, [Binding(aor, "sip:seed@h", Start.AddHours(1))], CancellationToken.None);
            var version = (await store.GetAsync(aor, CancellationToken.None)).Version;

            var results = Race(store, aor, version, writers: 4);

            Assert.Equal(1, results.Count(r => r == LocationWriteStatus.Written));
            Assert.Equal(2, (await store.GetAsync(aor, CancellationToken.None)).Bindings.Count);
        }

        Assert.Equal(600, store.BindingCount);
    }

    private static LocationWriteStatus[] Race(InMemoryLocationStore store, string aor, long version, int writers)
    {
        var results = new LocationWriteStatus[writers];
        Concurrency.RunTogether(writers, w =>
            results[w] = store.TryReplaceAsync(aor, version, [Binding(aor, "sip:seed@h", Start.AddHours(1)), Binding(aor, "sip:w" + w + "@h", Start.AddHours(1))], CancellationToken.None).AsTask().Result);
        return results;
    }

    [Fact]
    public async Task Reads_hide_lapsed_bindings_before_the_sweep_removes_them()
    {
        var time = new FakeTimeProvider(Start);
        using var store = NewStore(time);
        await store.TryReplaceAsync("sip:a@example.com", 0, [Binding("sip:a@example.com", "sip:1@h", Start.AddSeconds(10)), Binding("sip:a@example.com", "sip:2@h", Start.AddSeconds(100))], CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("sip:2@h", Assert.Single((await store.GetAsync("sip:a@example.com", CancellationToken.None)).Bindings).ContactUri);
        Assert.Equal(2, store.BindingCount);
        Assert.Equal(1, await store.RemoveExpiredAsync(CancellationToken.None));
        Assert.Equal(1, store.BindingCount);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_a_write_past_the_total_is_store_full()
    {
        var time = new FakeTimeProvider(Start);
        using var store = NewStore(time, maxBindings: 2);
        await store.TryReplaceAsync("sip:a@example.com", 0, [Binding("sip:a@example.com", "sip:1@h", Start.AddHours(1))], CancellationToken.None);

        var stale = await store.TryReplaceAsync("sip:a@example.com", 0, [], CancellationToken.None);
        var full = await store.TryReplaceAsync("sip:b@example.com", 0, [Binding("sip:b@example.com", "sip:1@h", Start.AddHours(1)), Binding("sip:b@example.com", "sip:2@h", Start.AddHours(1))], CancellationToken.None);

        Assert.Equal(LocationWriteStatus.Conflict, stale);
        Assert.Equal(LocationWriteStatus.StoreFull, full);
        Assert.Equal(1, store.BindingCount);
    }

    [Fact]
    public async Task Registrar_retries_on_conflict_so_interleaved_writers_to_one_aor_lose_nothing()
    {
        var options = new SipRegistrarOptions { MaxContactsPerAor = 100 };
        options.LocalDomains.Add("example.com");
        var time = new FakeTimeProvider(Start);
        using var inner = new InMemoryLocationStore(Options.Create(options), time);
        var registrar = new SipRegistrar(Options.Create(options), new YieldingStore(inner), time);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var request = Parse(System.Text.Encoding.UTF8.GetBytes(Register(contacts: [$"<sip:c{i}@192.0.2.1>"], callId: "c" + i)));
            var outcome = await registrar.ProcessAsync(request, RegistrationContext.None, CancellationToken.None);
            Assert.Equal(200, outcome.Response.StatusCode);
        }));

        Assert.Equal(30, (await inner.GetAsync("sip:alice@example.com", CancellationToken.None)).Bindings.Count);
    }

    /// <summary>Yields between every read and write, so concurrent registrars interleave on the same version.</summary>
    private sealed class YieldingStore(ILocationStore inner) : ILocationStore
    {
        public async ValueTask<LocationRecord> GetAsync(string aor, CancellationToken cancellationToken)
        {
            var record = await inner.GetAsync(aor, cancellationToken);
            await Task.Yield();
            return record;
        }

        public ValueTask<LocationWriteStatus> TryReplaceAsync(string aor, long expectedVersion, IReadOnlyList<SipBinding> bindings, CancellationToken cancellationToken) =>
            inner.TryReplaceAsync(aor, expectedVersion, bindings, cancellationToken);

        public ValueTask<int> RemoveFlowAsync(string flowId, bool markOnly, CancellationToken cancellationToken) => inner.RemoveFlowAsync(flowId, markOnly, cancellationToken);

        public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => inner.RemoveExpiredAsync(cancellationToken);
    }
}
