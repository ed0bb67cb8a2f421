namespace Rethink.Ims.Identity;

/// <summary>Turns a bearer token into an <see cref="ImsIdentity"/> or a typed refusal.</summary>
public interface IIdentityTokenValidator
{
    /// <summary>Validates <paramref name="token"/>. Never throws for a bad token; returns a failure instead.</summary>
    ValueTask<IdentityValidationResult> ValidateAsync(string token, CancellationToken cancellationToken);
}
