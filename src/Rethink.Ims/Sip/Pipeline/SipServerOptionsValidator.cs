using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>Checks <see cref="SipServerOptions"/> at start; every message names the configuration key (<c>Ims:Sip:…</c>).</summary>
public sealed class SipServerOptionsValidator : IValidateOptions<SipServerOptions>
{
    private const string Section = SipServerOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SipServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Listeners.Count == 0)
        {
            failures.Add($"{Section}:Listeners: at least one listener is required, e.g. udp://127.0.0.1:5060.");
        }

        var secure = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Listeners.Count; i++)
        {
            if (!SipListenerEndpoint.TryParse(options.Listeners[i], out var endpoint, out var error))
            {
                failures.Add($"{Section}:Listeners:{i}: {error}.");
                continue;
            }

            secure |= endpoint.IsSecure;
            var socketKey = (endpoint.Transport == SipTransportKind.Udp ? "udp " : "tcp ") + endpoint.EndPoint;
            if (endpoint.EndPoint.Port != 0 && !seen.Add(socketKey))
            {
                failures.Add($"{Section}:Listeners:{i}: '{options.Listeners[i]}' uses a port another listener already uses.");
            }
        }

        Range(failures, "MaxMessageSize", options.MaxMessageSize, 1_024, 1_048_576);
        Range(failures, "MaxConnections", options.MaxConnections, 1, int.MaxValue);
        Range(failures, "MaxConnectionsPerAddress", options.MaxConnectionsPerAddress, 1, int.MaxValue);
        Range(failures, "InboundQueueCapacity", options.InboundQueueCapacity, 1, 10_000_000);
        Range(failures, "InboundWorkers", options.InboundWorkers, 1, 1_024);
        Range(failures, "MaxPendingSendsPerConnection", options.MaxPendingSendsPerConnection, 1, 100_000);
        Positive(failures, "IdleTimeout", options.IdleTimeout);
        Positive(failures, "HandshakeTimeout", options.HandshakeTimeout);
        Positive(failures, "ConnectTimeout", options.ConnectTimeout);
        if (options.WebSocketKeepAliveInterval < TimeSpan.Zero)
        {
            failures.Add($"{Section}:WebSocketKeepAliveInterval must not be negative (0 turns pings off).");
        }

        ValidateTls(failures, options.Tls, secure);
        for (var i = 0; i < options.Domains.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Domains[i]) || options.Domains[i].Any(char.IsWhiteSpace))
            {
                failures.Add($"{Section}:Domains:{i} must be a host name such as example.com.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTls(List<string> failures, SipTlsOptions tls, bool needed)
    {
        if (tls is null)
        {
            failures.Add($"{Section}:Tls must not be null.");
            return;
        }

        if (!string.IsNullOrEmpty(tls.CertificatePath))
        {
            if (!File.Exists(tls.CertificatePath))
            {
                failures.Add($"{Section}:Tls:CertificatePath: file '{tls.CertificatePath}' does not exist.");
            }

            if (!string.IsNullOrEmpty(tls.KeyPath) && !File.Exists(tls.KeyPath))
            {
                failures.Add($"{Section}:Tls:KeyPath: file '{tls.KeyPath}' does not exist.");
            }
        }
        else if (!string.IsNullOrEmpty(tls.KeyPath))
        {
            failures.Add($"{Section}:Tls:KeyPath is set but {Section}:Tls:CertificatePath (the PEM certificate) is not.");
        }
        else if (needed && !tls.UseDevelopmentCertificate)
        {
            failures.Add($"{Section}:Tls:CertificatePath is required for tls:// and wss:// listeners " +
                $"(or set {Section}:Tls:UseDevelopmentCertificate to true for a self-signed development certificate).");
        }
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min} and {max} (was {value}).");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be a positive time span, e.g. 00:02:00 (was {value}).");
        }
    }
}
