using System.Globalization;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// A real rtpengine (Debian's <c>rtpengine-daemon</c>, <c>/usr/bin/rtpengine</c>) in userspace mode (<c>table = -1</c>:
/// no kernel module, no iptables), in the foreground, logging to stderr, from a temporary configuration file: media on
/// 127.0.0.1 in the given port range, ng control on 127.0.0.1:<c>ngPort</c>. Stopped by the returned process's dispose.
/// </summary>
internal static class RtpengineProcess
{
    /// <summary>Where Debian's rtpengine-daemon installs the daemon.</summary>
    public const string ExecutablePath = "/usr/bin/rtpengine";

    public static ExternalProcess Start(string logPrefix, int ngPort, int portMin, int portMax)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/install-test-deps.sh (Debian package rtpengine-daemon).");
        }

        var configPath = logPrefix + "-rtpengine.conf";
        File.WriteAllText(configPath, string.Create(CultureInfo.InvariantCulture, $"""
            [rtpengine]
            table = -1
            interface = 127.0.0.1
            listen-ng = 127.0.0.1:{ngPort}
            port-min = {portMin}
            port-max = {portMax}
            foreground = true
            log-stderr = true
            log-level = 6
            num-threads = 2
            delete-delay = 0

            """));
        return ExternalProcess.Start(ExecutablePath, [$"--config-file={configPath}", "--config-section=rtpengine"], logPrefix + "-rtpengine.log");
    }
}
