using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Samples;

/// <summary>
/// A sample that cannot start (bad configuration, a port already taken) ends with exit code 1 and one line saying why,
/// naming the setting, instead of an unhandled exception's stack trace and an abort.
/// </summary>
internal static class StartupFailure
{
    /// <summary>Runs the host; a failure before it has started is explained (the host has already logged the whole
    /// exception) and gives exit code 1. Failures after start are not caught.</summary>
    public static int RunOrExplain(this IHost host, string name)
    {
        var lifetime = (IHostApplicationLifetime?)host.Services.GetService(typeof(IHostApplicationLifetime));
        try
        {
            host.Run();
            return Environment.ExitCode;
        }
        catch (Exception e) when (lifetime is null || !lifetime.ApplicationStarted.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{name} did not start: {Describe(e)}");
            return 1;
        }
    }

    /// <summary>
    /// A true/false setting the program reads itself while it builds the host (so no options validation sees it): a value
    /// that is neither ends the process the same way, naming the key.
    /// </summary>
    public static bool Flag(this IConfiguration configuration, string key, bool defaultValue, string name)
    {
        var text = configuration[key];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Console.Error.WriteLine($"{name} did not start: {key} must be true or false; it is '{text}'.");
        Environment.Exit(1);
        return defaultValue;
    }

    // Validation messages name their configuration keys; bind failures name the address (and, for SIP, the listener key).
    private static string Describe(Exception e) => e switch
    {
        OptionsValidationException validation => string.Join("; ", validation.Failures),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => e.Message,
    };
}
