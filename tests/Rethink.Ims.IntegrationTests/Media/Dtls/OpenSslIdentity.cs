using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.IntegrationTests.Media.Dtls;

/// <summary>
/// A temporary directory with an ECDSA P-256 certificate and key made by <c>openssl req</c>, and the SHA-256
/// fingerprint the peer's SDP would carry for it. Known before OpenSSL starts, so our side can expect it.
/// </summary>
internal sealed class OpenSslIdentity : IDisposable
{
    public const string OpenSsl = "/usr/bin/openssl";

    private OpenSslIdentity(string directory, DtlsFingerprint fingerprint)
    {
        Directory = directory;
        Fingerprint = fingerprint;
    }

    public string Directory { get; }

    public string CertificatePath => Path.Combine(Directory, "cert.pem");

    public string KeyPath => Path.Combine(Directory, "key.pem");

    public DtlsFingerprint Fingerprint { get; }

    public static async Task<OpenSslIdentity> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rethink-dtls-").FullName;
        var certificate = Path.Combine(directory, "cert.pem");
        await RunAsync(
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", Path.Combine(directory, "key.pem"), "-out", certificate, "-days", "2", "-subj", "/CN=openssl-peer");
        using var x509 = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificate));
        return new OpenSslIdentity(directory, DtlsFingerprint.Compute("sha-256", x509.RawData));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private static async Task RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(OpenSsl) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {arguments[0]} failed: {await errors}");
        }
    }
}
