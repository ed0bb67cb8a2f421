using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Services;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the echo service.</summary>
public static class SipEchoServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SipEchoService"/> as a hosted service with <see cref="SipEchoOptions"/> bound from
    /// <c>Ims:Sip:Echo</c>: a user agent answering as <c>sip:echo@</c> each local domain that returns the caller's audio.
    /// Needs <c>AddSipRegistrar</c> (the location store it files its binding in) and the SIP server's options (its domains).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipEchoService(this IServiceCollection services, Action<SipEchoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipEchoOptions>().BindConfiguration(SipEchoOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.User) && o.SipPort is >= 0 and <= 65535 && o.MaxCalls > 0,
                $"{SipEchoOptions.SectionName}: User must be set, SipPort 0-65535 and MaxCalls positive.")
            .Validate(o => o.MediaTimeout > TimeSpan.Zero && o.MaxCallDuration > TimeSpan.Zero && o.BindingLifetime >= TimeSpan.FromSeconds(10),
                $"{SipEchoOptions.SectionName}: MediaTimeout and MaxCallDuration must be positive, BindingLifetime at least 10 s.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipEchoMetrics>();
        services.TryAddSingleton(sp => new SipLocalDomains(sp.GetRequiredService<IOptions<SipServerOptions>>()));
        services.TryAddSingleton<SipEchoService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SipEchoService>());
        return services;
    }
}
