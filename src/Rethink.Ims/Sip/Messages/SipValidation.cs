namespace Rethink.Ims.Sip.Messages;

/// <summary>How much <see cref="SipMessageValidator"/> checks.</summary>
public enum SipValidation
{
    /// <summary>Nothing beyond framing and the start line.</summary>
    None = 0,

    /// <summary>
    /// What every element relies on to match transactions and route responses: Via, From, To, Call-ID
    /// and CSeq present, single-valued headers once, CSeq matching the method, and well-formed Via,
    /// From, To, Call-ID, CSeq, Max-Forwards, Expires and Min-Expires. The default.
    /// </summary>
    Essential = 1,

    /// <summary>Essential, plus well-formed Contact, Route, Record-Route, Path, Service-Route and Content-Type values.</summary>
    Full = 2,
}
