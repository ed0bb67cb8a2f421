namespace Rethink.Ims.Sip.Pipeline;

/// <summary>A middleware class for <see cref="SipPipelineBuilder.UseMiddleware{T}"/>: created once, invoked per request.</summary>
public interface ISipMiddleware
{
#pragma warning disable CA1716 // 'next' as in ASP.NET Core's IMiddleware.
    /// <summary>Handles the request, calling <paramref name="next"/> to pass it on (or not, to answer it here).</summary>
    Task InvokeAsync(SipContext context, SipRequestDelegate next);
#pragma warning restore CA1716
}
