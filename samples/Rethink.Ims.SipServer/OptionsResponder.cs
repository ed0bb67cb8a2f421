using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.SipServer;

/// <summary>Answers OPTIONS (RFC 3261 §11) with 200 and what this server accepts; passes anything else on.</summary>
internal sealed class OptionsResponder : ISipMiddleware
{
    public async Task InvokeAsync(SipContext context, SipRequestDelegate next)
    {
        if (context.Request.Method.Kind != SipMethodKind.Options)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await context.RespondAsync(200, configure: response =>
        {
            response.Headers.Add(SipHeaderId.Allow, "OPTIONS");
            response.Headers.Add(SipHeaderId.Accept, "application/sdp");
            response.Headers.Add(SipHeaderId.Supported, string.Empty);
            response.Headers.Add(SipHeaderId.Server, "Rethink.Ims.SipServer");
        }).ConfigureAwait(false);
    }
}
