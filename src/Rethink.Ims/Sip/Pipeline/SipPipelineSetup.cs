namespace Rethink.Ims.Sip.Pipeline;

/// <summary>One <c>AddSipServer</c> pipeline callback, kept in DI until the pipeline is built.</summary>
internal sealed record SipPipelineSetup(Action<SipPipelineBuilder> Configure);
