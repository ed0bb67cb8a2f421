namespace Rethink.Ims.Identity;

/// <summary>The SIP account an identity maps to: <c>sip:User@Domain</c>.</summary>
/// <param name="User">The user part, e.g. <c>alice</c>.</param>
/// <param name="Domain">The SIP domain, e.g. <c>example.com</c>.</param>
public sealed record SipUser(string User, string Domain);
