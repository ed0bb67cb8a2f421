using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Tests.Sip.Pipeline;

public class SipRequestServicesTests
{
    [Fact]
    public async Task Scope_is_created_on_first_resolve_shared_within_a_request_and_disposed_with_it()
    {
        var services = new ServiceCollection();
        services.AddScoped<Tracked>();
        await using var provider = services.BuildServiceProvider();
        var scopes = provider.GetRequiredService<IServiceScopeFactory>();

        var unused = new SipRequestServices(scopes);
        await unused.DisposeAsync();

        Tracked first;
        var request = new SipRequestServices(scopes);
        await using (request)
        {
            first = request.GetRequiredService<Tracked>();
            Assert.Same(first, request.GetRequiredService<Tracked>());
            Assert.False(first.Disposed);
        }

        Assert.True(first.Disposed);
        await using var other = new SipRequestServices(scopes);
        Assert.NotSame(first, other.GetRequiredService<Tracked>());
    }

    private sealed class Tracked : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
