using Microsoft.Extensions.DependencyInjection;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// A request's <see cref="SipContext.RequestServices"/> whose DI scope is created on the first resolve: most requests
/// (a REGISTER through the registrar) resolve nothing scoped, and a scope per request is an allocation the registrar's
/// rate pays for nothing.
/// </summary>
internal sealed class SipRequestServices(IServiceScopeFactory scopes) : IKeyedServiceProvider, IAsyncDisposable
{
    private AsyncServiceScope? _scope;

    public object? GetService(Type serviceType) => Provider.GetService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => Keyed.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Keyed.GetRequiredKeyedService(serviceType, serviceKey);

    public ValueTask DisposeAsync() => _scope is { } scope ? scope.DisposeAsync() : default;

    private IServiceProvider Provider => (_scope ??= scopes.CreateAsyncScope()).ServiceProvider;

    private IKeyedServiceProvider Keyed => Provider as IKeyedServiceProvider
        ?? throw new InvalidOperationException("The service provider does not support keyed services.");
}
