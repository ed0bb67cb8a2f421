namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>What a REGISTER with digest authentication got: the challenge to the first attempt, then the answer to the authenticated one.</summary>
/// <param name="Challenge">The 401 to the REGISTER without credentials.</param>
/// <param name="Final">The final response to the REGISTER that carried the Authorization header.</param>
/// <param name="AuthorizationHeader">The Authorization header value that was sent (for diagnostics; holds no password).</param>
public sealed record RegisterOutcome(SipResponse Challenge, SipResponse Final, string AuthorizationHeader);
