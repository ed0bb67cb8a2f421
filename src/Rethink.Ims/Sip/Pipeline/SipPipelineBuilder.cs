using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// Builds the SIP pipeline the way ASP.NET Core builds its middleware: steps run in the order added, each
/// deciding whether to call the next; <see cref="Run"/> sets the terminal step. Without one, the terminal
/// answers 501 Not Implemented to any request not answered yet (never to ACK).
/// </summary>
public sealed class SipPipelineBuilder
{
    private readonly List<Func<SipRequestDelegate, SipRequestDelegate>> _components = [];
    private SipRequestDelegate? _terminal;

    /// <summary>Creates a builder resolving middleware from <paramref name="applicationServices"/>.</summary>
    public SipPipelineBuilder(IServiceProvider applicationServices)
    {
        ArgumentNullException.ThrowIfNull(applicationServices);
        ApplicationServices = applicationServices;
    }

    /// <summary>The application's services (middleware classes are created from these).</summary>
    public IServiceProvider ApplicationServices { get; }

    /// <summary>The default terminal step: 501 Not Implemented unless answered (ACK is never answered).</summary>
    public static SipRequestDelegate NotImplemented { get; } = async context =>
    {
        if (!context.HasResponded && context.Request.Method.Kind != SipMethodKind.Ack)
        {
            await context.RespondAsync(501).ConfigureAwait(false);
        }
    };

    /// <summary>Adds a step that wraps the rest of the pipeline.</summary>
    public SipPipelineBuilder Use(Func<SipRequestDelegate, SipRequestDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _components.Add(middleware);
        return this;
    }

    /// <summary>Adds an inline step: <c>(context, next) => …</c>; call <c>next(context)</c> to pass the request on.</summary>
    public SipPipelineBuilder Use(Func<SipContext, SipRequestDelegate, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use(next => context => middleware(context, next));
    }

    /// <summary>
    /// Adds a middleware class, created once from <see cref="ApplicationServices"/>: either an
    /// <see cref="ISipMiddleware"/> (or any class with <c>Task InvokeAsync(SipContext, SipRequestDelegate)</c>), or a
    /// class whose constructor takes the next <see cref="SipRequestDelegate"/> and that has <c>Task InvokeAsync(SipContext)</c>.
    /// </summary>
    public SipPipelineBuilder UseMiddleware<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] T>()
        where T : class
    {
        var type = typeof(T);
        var withNext = type.GetMethod("InvokeAsync", BindingFlags.Public | BindingFlags.Instance, [typeof(SipContext), typeof(SipRequestDelegate)]);
        if (withNext is not null && withNext.ReturnType == typeof(Task))
        {
            return Use(next =>
            {
                var instance = ActivatorUtilities.GetServiceOrCreateInstance<T>(ApplicationServices);
                var invoke = withNext.CreateDelegate<Func<SipContext, SipRequestDelegate, Task>>(instance);
                return context => invoke(context, next);
            });
        }

        var contextOnly = type.GetMethod("InvokeAsync", BindingFlags.Public | BindingFlags.Instance, [typeof(SipContext)]);
        if (contextOnly is not null && contextOnly.ReturnType == typeof(Task))
        {
            return Use(next =>
            {
                var instance = ActivatorUtilities.CreateInstance<T>(ApplicationServices, next);
                return contextOnly.CreateDelegate<SipRequestDelegate>(instance);
            });
        }

        throw new InvalidOperationException(
            $"{type.FullName} has no public 'Task InvokeAsync(SipContext, SipRequestDelegate)' or 'Task InvokeAsync(SipContext)' method.");
    }

    /// <summary>Sets the terminal step (replacing the default 501); steps added after it never run.</summary>
    public void Run(SipRequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _terminal = handler;
    }

    /// <summary>Composes the steps into one delegate.</summary>
    public SipRequestDelegate Build()
    {
        var pipeline = _terminal ?? NotImplemented;
        for (var i = _components.Count - 1; i >= 0; i--)
        {
            pipeline = _components[i](pipeline);
        }

        return pipeline;
    }
}
