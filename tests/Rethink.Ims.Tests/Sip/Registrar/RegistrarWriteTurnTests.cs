using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class RegistrarWriteTurnTests
{
    [Fact]
    public async Task Two_REGISTERs_of_one_aor_in_one_process_take_turns_instead_of_racing_the_store()
    {
        // A fake store, to force the interleaving the real one gives only by chance: the first read of the record waits
        // (up to 300 ms) for a second writer to read it too. Writers that take turns never do, so no write conflicts;
        // writers that race both read the same version and one write fails.
        using var kit = new RegistrarKit();
        var store = new WaitingStore(kit.Store);
        var registrar = new SipRegistrar(Microsoft.Extensions.Options.Options.Create(kit.Options), store, kit.Time);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            using var request = Parse(System.Text.Encoding.UTF8.GetBytes(Register(contacts: [$"<sip:c{i}@192.0.2.1>"], callId: $"turn-{i}")));
            return await registrar.ProcessAsync(request, RegistrationContext.None, CancellationToken.None);
        })));

        Assert.All(outcomes, o => Assert.Equal(200, o.Response.StatusCode));
        Assert.Equal(0, store.Conflicts);
        Assert.Equal(2, kit.Store.BindingCount);
    }

    private sealed class WaitingStore(InMemoryLocationStore inner) : ILocationStore
    {
        private readonly SemaphoreSlim _secondRead = new(0);
        private int _reads;
        private int _conflicts;

        public int Conflicts => Volatile.Read(ref _conflicts);

        public async ValueTask<LocationRecord> GetAsync(string aor, CancellationToken cancellationToken)
        {
            var record = await inner.GetAsync(aor, cancellationToken);
            if (Interlocked.Increment(ref _reads) == 1)
            {
                await _secondRead.WaitAsync(TimeSpan.FromMilliseconds(300), cancellationToken);
            }
            else
            {
                _secondRead.Release();
            }

            return record;
        }

        public async ValueTask<LocationWriteStatus> TryReplaceAsync(string aor, long expectedVersion, IReadOnlyList<SipBinding> bindings, CancellationToken cancellationToken)
        {
            var status = await inner.TryReplaceAsync(aor, expectedVersion, bindings, cancellationToken);
            if (status == LocationWriteStatus.Conflict)
            {
                Interlocked.Increment(ref _conflicts);
            }

            return status;
        }

        public ValueTask<int> RemoveFlowAsync(string flowId, bool markOnly, CancellationToken cancellationToken) =>
            inner.RemoveFlowAsync(flowId, markOnly, cancellationToken);

        public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => inner.RemoveExpiredAsync(cancellationToken);
    }
}
