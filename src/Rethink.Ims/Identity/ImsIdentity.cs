namespace Rethink.Ims.Identity;

/// <summary>A person proven by a validated identity token.</summary>
/// <param name="Subject">The issuer's stable id for the person (<c>sub</c>).</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="EmailVerified">Whether the issuer vouches for the address (<c>email_verified</c>).</param>
/// <param name="Issuer">The token's issuer (<c>iss</c>).</param>
/// <param name="HostedDomain">The Google Workspace domain (<c>hd</c>), if any.</param>
public sealed record ImsIdentity(string Subject, string Email, bool EmailVerified, string Issuer, string? HostedDomain);
