namespace Rethink.Ims.Sip.Auth;

/// <summary>How a wrong password, an unknown user or an expired credential is answered.</summary>
public enum SipAuthFailurePolicy
{
    /// <summary>A new challenge (401/407), as in the <c>auth_ephemeral</c> module's documented pattern. Browser clients then
    /// give up after one challenge per request.</summary>
    Rechallenge,

    /// <summary>403 with a reason phrase naming the failure, e.g. <c>Forbidden (credential expired)</c>.</summary>
    Forbidden,
}
