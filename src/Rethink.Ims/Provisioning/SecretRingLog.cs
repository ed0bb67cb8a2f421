using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Provisioning;

/// <summary>Log messages about the secret ring; they give counts, never secrets.</summary>
internal static partial class SecretRingLog
{
    [LoggerMessage(10, LogLevel.Information, "Shared secrets reloaded from configuration: {Count} secret(s)")]
    public static partial void Reloaded(ILogger logger, int count);

    [LoggerMessage(11, LogLevel.Warning, "Configuration reload left Ims:EphemeralAuth:Secrets empty or blank; keeping the secrets in use")]
    public static partial void ReloadRefused(ILogger logger);
}
