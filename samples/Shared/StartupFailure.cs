using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Samples;

/// <summary>
/// Runs a sample's host so that a failure to start (bad configuration, a port already taken) ends the process with one
/// line saying why and exit code 1, instead of an unhandled exception's stack trace and an abort. The host has already
/// logged the full exception by then. Failures after start are not caught.
/// </summary>
internal static class StartupFailure
{
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
