namespace Rethink.Ims.Identity;

/// <summary>Settings of <see cref="EmailSipUserMapper"/>.</summary>
public sealed class EmailSipUserMapperOptions
{
    /// <summary>
    /// When set, every user lives in this SIP domain instead of their e-mail domain (<c>alice@gmail.com</c> becomes
    /// <c>sip:alice@ims.example.com</c>). Default: unset, the e-mail domain is the SIP domain, as the original service did.
    /// Note that with an override, <c>alice@gmail.com</c> and <c>alice@example.org</c> become the same SIP user.
    /// </summary>
    public string? SipDomain { get; set; }
}
