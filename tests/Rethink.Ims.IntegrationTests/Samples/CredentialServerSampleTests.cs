using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Samples;

/// <summary>The credential server sample as a user starts it: with no configuration at all.</summary>
public sealed partial class CredentialServerSampleTests
{
    [Fact]
    public async Task With_no_configuration_it_prints_its_address_and_a_development_secret_and_issues_credentials_under_it()
    {
        var log = Path.GetTempFileName();
        await using var sample = ExternalProcess.Start(
            "dotnet", [SamplePaths.Assembly("Rethink.Ims.CredentialServer"), "--urls", "http://127.0.0.1:0"], log);

        var (address, secret) = await ReadBannerAsync(log);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var tokenJson = JsonDocument.Parse(await client.GetStringAsync(new Uri("/dev/token?email=alice@example.com", UriKind.Relative)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/credential");
        request.Headers.Add("Authorization", "Bearer " + tokenJson.RootElement.GetProperty("id_token").GetString());
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var credential = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var verifier = new EphemeralCredentialVerifier(new SecretRing([secret]), new EphemeralCredentialOptions(), TimeProvider.System);
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(
            credential.RootElement.GetProperty("authorizationUser").GetString(), credential.RootElement.GetProperty("password").GetString()));
        File.Delete(log);
    }

    private static async Task<(string Address, string Secret)> ReadBannerAsync(string log)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var text = await ReadSharedAsync(log);
            var address = ListeningLine().Match(text);
            var secret = SecretLine().Match(text);
            if (address.Success && secret.Success)
            {
                return (address.Groups[1].Value, secret.Groups[1].Value);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The sample printed no banner within 30 s:\n" + await ReadSharedAsync(log));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex(@"listening on\s+(http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"DEVELOPMENT SECRET[^\n]*\n\s+(\S+)")]
    private static partial Regex SecretLine();
}
