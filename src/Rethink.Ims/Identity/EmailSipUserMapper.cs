using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>
/// The default <see cref="ISipUserMapper"/>: the e-mail's local part is the SIP user and its domain the SIP domain
/// (<c>alice@example.com</c> is <c>sip:alice@example.com</c>), as the original credential service did; optionally
/// with one fixed SIP domain (<see cref="EmailSipUserMapperOptions.SipDomain"/>).
/// </summary>
/// <remarks>
/// An address is refused (<see langword="null"/>) unless it has exactly one <c>@</c> with a non-empty part on each
/// side, a local part of at most 64 characters that a SIP URI user part allows unescaped (ASCII letters, digits and
/// <c>- _ . ! ~ * ' ( ) &amp; = + $ , ; ? /</c>; RFC 3261's <c>unreserved</c> and <c>user-unreserved</c>), and a
/// domain that is a DNS host name. So quoted local parts, <c>%</c>, <c>:</c> (which would break the
/// <c>expiry:user</c> credential) and non-ASCII addresses are refused rather than escaped. The user part keeps its
/// case (SIP user parts are case-sensitive); the domain is lower-cased, since Kamailio compares hosts exactly.
/// </remarks>
public sealed class EmailSipUserMapper : ISipUserMapper
{
    private readonly string? _sipDomain;

    /// <summary>Creates a mapper.</summary>
    /// <param name="options">The optional fixed SIP domain; checked here with <see cref="EmailSipUserMapperOptionsValidator"/>.</param>
    /// <exception cref="OptionsValidationException">The fixed domain is not a DNS host name.</exception>
    public EmailSipUserMapper(IOptions<EmailSipUserMapperOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new EmailSipUserMapperOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmailSipUserMapperOptions), validation.Failures);
        }

        _sipDomain = options.Value.SipDomain?.ToLowerInvariant();
    }

    /// <inheritdoc/>
    public SipUser? Map(ImsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var email = identity.Email.AsSpan();
        var at = email.IndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email[(at + 1)..].Contains('@'))
        {
            return null;
        }

        var user = email[..at];
        var domain = email[(at + 1)..];
        if (!SipUriRules.IsUser(user) || !SipUriRules.IsDomain(domain))
        {
            return null;
        }

        return new SipUser(user.ToString(), _sipDomain ?? domain.ToString().ToLowerInvariant());
    }
}
