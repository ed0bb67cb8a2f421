namespace Rethink.Ims.Media.Ice;

/// <summary>The state of an ICE agent's single component (rtcp-mux and BUNDLE: one 5-tuple carries everything).</summary>
public enum IceAgentState
{
    /// <summary>No valid check yet.</summary>
    New = 0,

    /// <summary>Valid checks have arrived (or been answered) but no pair is nominated yet.</summary>
    Checking,

    /// <summary>A pair is selected and its consent is fresh: media may be sent.</summary>
    Connected,

    /// <summary>
    /// No pair was selected in time, or consent expired (RFC 7675): media must stop. Only an ICE restart
    /// (new credentials) leaves this state.
    /// </summary>
    Failed,

    /// <summary>The agent is disposed.</summary>
    Closed,
}
