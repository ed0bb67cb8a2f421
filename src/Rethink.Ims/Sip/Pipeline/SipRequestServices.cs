using Microsoft.Extensions.DependencyInjection;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// A request's <see cref="SipContext.RequestServices"/> whose DI scope is created on the first resolve: most requests
/// (a REGISTER through the registrar) resolve nothing scoped, and a scope per request is an allocation the registrar's
/// rate pays for nothing.
/// </summary>
internal sealed class SipRequestServices(IServiceScopeFactory scopes) : IKeyedServiceProvider, IAsyncDisposable
{
    private IServiceScope? _scope;

    public object? GetService(Type serviceType) => Provider.GetService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => Keyed.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Keyed.GetRequiredKeyedService(serviceType, serviceKey);

    public ValueTask DisposeAsync() => Volatile.Read(ref _scope) is { } scope ? new AsyncServiceScope(scope).DisposeAsync() : default;

    private IServiceProvider Provider => (Volatile.Read(ref _scope) ?? Create()).ServiceProvider;

    /// <summary>Creates the scope; of two steps resolving at once, one scope wins and the other is disposed.</summary>
    private IServiceScope Create()
    {
        var created = scopes.CreateScope();
        var won = Interlocked.CompareExchange(ref _scope, created, null);
        if (won is null)
        {
            return created;
        }

        created.Dispose();
        return won;
    }

    private IKeyedServiceProvider Keyed => Provider as IKeyedServiceProvider
        ?? throw new InvalidOperationException("The service provider does not support keyed services.");
}
