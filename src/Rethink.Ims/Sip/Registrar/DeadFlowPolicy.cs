namespace Rethink.Ims.Sip.Registrar;

/// <summary>What <see cref="SipRegistrar.OnFlowClosedAsync"/> does with the bindings registered over a flow that closed.</summary>
public enum DeadFlowPolicy
{
    /// <summary>Remove them: the client re-registers over a new flow (RFC 5626 §4.4). Default.</summary>
    Remove = 0,

    /// <summary>
    /// Keep them until they expire but mark them unreachable (<see cref="SipBinding.IsFlowClosed"/>), so a lookup can
    /// skip them while a 200 still lists them; a re-REGISTER over a new flow replaces them.
    /// </summary>
    MarkUnreachable = 1,
}
