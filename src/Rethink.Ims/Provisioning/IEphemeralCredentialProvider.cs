using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>Issues the credential a SIP user receives. Replace it through DI to change what is issued.</summary>
public interface IEphemeralCredentialProvider
{
    /// <summary>Issues a fresh credential for <paramref name="user"/>.</summary>
    CredentialResponse Issue(SipUser user);
}
