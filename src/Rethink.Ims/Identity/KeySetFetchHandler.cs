using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Identity;

/// <summary>
/// The HTTP handler behind Google.Apis.Auth's key fetches. It fetches the JWKS with our <see cref="HttpClient"/>
/// and a timeout, keeps only the well-formed keys of the algorithm being verified, and turns every failure into a
/// <see cref="KeySetUnavailableException"/>; after a failure it refuses at once for a back-off period.
/// </summary>
/// <remarks>
/// Google.Apis.Auth 1.78 caches keys per URL string and converts every key of the document with the factory of the
/// first algorithm that asks (an RSA factory on an EC key crashes, and the other way round). So each algorithm asks
/// for the URL with its own fragment (<see cref="CacheKey"/>): two cache entries, each holding only keys it can use.
/// The fragment is never sent.
/// </remarks>
internal sealed partial class KeySetFetchHandler : HttpMessageHandler
{
    /// <summary>A larger key set is refused; Google's is about 1 KiB.</summary>
    public const int MaxKeySetBytes = 256 * 1024;

    private const string FragmentPrefix = "#rethink-ims-alg=";
    private const int MinRsaModulusBytes = 256;
    private const int P256CoordinateBytes = 32;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _failureBackoff;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (DateTimeOffset Until, KeySetUnavailableException Error)> _recentFailures = new(StringComparer.Ordinal);
    private readonly Lock _failuresLock = new();

    public KeySetFetchHandler(HttpClient httpClient, TimeProvider timeProvider, TimeSpan timeout, TimeSpan failureBackoff, ILogger logger)
    {
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _timeout = timeout;
        _failureBackoff = failureBackoff;
        _logger = logger;
    }

    /// <summary>The URL that Google.Apis.Auth is told to fetch (and caches under) for keys of <paramref name="algorithm"/>.</summary>
    public static string CacheKey(Uri certificatesUrl, string algorithm) => certificatesUrl.AbsoluteUri + FragmentPrefix + algorithm;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requested = request.RequestUri ?? throw new InvalidOperationException("Key set request without a URI.");
        var key = requested.AbsoluteUri;
        var fragmentAt = key.IndexOf(FragmentPrefix, StringComparison.Ordinal);
        if (fragmentAt < 0)
        {
            throw new InvalidOperationException("Key set requests must come from GoogleIdTokenValidator's own cache keys.");
        }

        var algorithm = key[(fragmentAt + FragmentPrefix.Length)..];
        var url = new Uri(key[..fragmentAt]);

        lock (_failuresLock)
        {
            if (_recentFailures.TryGetValue(key, out var failure) && _timeProvider.GetUtcNow() < failure.Until)
            {
                throw new KeySetUnavailableException(failure.Error.Message + " (not retried yet)", failure.Error.NoUsableKey);
            }
        }

        try
        {
            var body = await FetchAsync(url, algorithm, cancellationToken).ConfigureAwait(false);
            lock (_failuresLock)
            {
                _recentFailures.Remove(key);
            }

            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
        }
        catch (KeySetUnavailableException ex)
        {
            Log.KeySetUnavailable(_logger, url, algorithm, ex.Message);
            lock (_failuresLock)
            {
                _recentFailures[key] = (_timeProvider.GetUtcNow() + _failureBackoff, ex);
            }

            throw;
        }
    }

    private async Task<byte[]> FetchAsync(Uri url, string algorithm, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[]? body;
        try
        {
            using var response = await _httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new KeySetUnavailableException($"the key set endpoint answered {(int)response.StatusCode}");
            }

            body = await BoundedContent.ReadAsync(response.Content, MaxKeySetBytes, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeySetUnavailableException($"the key set endpoint did not answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            throw new KeySetUnavailableException($"the key set endpoint could not be reached ({ex.HttpRequestError})", ex);
        }

        if (body is null)
        {
            throw new KeySetUnavailableException($"the key set is larger than {MaxKeySetBytes} bytes");
        }

        var filtered = Filter(body, algorithm, out var kept, out var skipped);
        Log.KeySetFetched(_logger, url, algorithm, kept, skipped);
        return filtered;
    }

    /// <summary>Rewrites the JWKS to the keys of <paramref name="algorithm"/> that import cleanly, with only the members Google.Apis.Auth reads.</summary>
    internal static byte[] Filter(byte[] jwks, string algorithm, out int kept, out int skipped)
    {
        kept = 0;
        skipped = 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(jwks);
        }
        catch (JsonException)
        {
            throw new KeySetUnavailableException("the key set is not JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys)
                || keys.ValueKind != JsonValueKind.Array)
            {
                throw new KeySetUnavailableException("the document is not a JWKS (no keys array)");
            }

            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("keys");
                foreach (var jwk in keys.EnumerateArray())
                {
                    var written = algorithm switch
                    {
                        "RS256" => TryWriteRsa(jwk, writer),
                        "ES256" => TryWriteEc(jwk, writer),
                        _ => false,
                    };
                    if (written)
                    {
                        kept++;
                    }
                    else
                    {
                        skipped++;
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            if (kept == 0)
            {
                // No key of the token's type at all: the token names an algorithm this issuer does not use, so
                // nothing could ever verify it. Keys of the type that are all unusable: the issuer is broken.
                var keyType = algorithm == "ES256" ? "EC" : "RSA";
                var noKeyOfType = keys.GetArrayLength() > 0 && !keys.EnumerateArray().Any(k =>
                    k.ValueKind == JsonValueKind.Object && k.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == keyType);
                throw new KeySetUnavailableException($"the key set holds no usable {algorithm} key", noUsableKey: noKeyOfType);
            }

            return output.ToArray();
        }
    }

    private static bool TryWriteRsa(JsonElement jwk, Utf8JsonWriter writer)
    {
        if (!IsKeyFor(jwk, "RSA", "RS256")
            || !TryDecode(jwk, "n", out var n) || !TryDecode(jwk, "e", out var e)
            || n.AsSpan().TrimStart((byte)0).Length < MinRsaModulusBytes)
        {
            return false;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
        }
        catch (CryptographicException)
        {
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("kty", "RSA");
        writer.WriteString("n", Base64Url.EncodeToString(n));
        writer.WriteString("e", Base64Url.EncodeToString(e));
        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteEc(JsonElement jwk, Utf8JsonWriter writer)
    {
        if (!IsKeyFor(jwk, "EC", "ES256")
            || !jwk.TryGetProperty("crv", out var crv) || crv.ValueKind != JsonValueKind.String || crv.GetString() != "P-256"
            || !TryDecode(jwk, "x", out var x) || !TryDecode(jwk, "y", out var y)
            || x.Length != P256CoordinateBytes || y.Length != P256CoordinateBytes)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("kty", "EC");
        writer.WriteString("crv", "P-256");
        writer.WriteString("x", Base64Url.EncodeToString(x));
        writer.WriteString("y", Base64Url.EncodeToString(y));
        writer.WriteEndObject();
        return true;
    }

    /// <summary>A key of type <paramref name="keyType"/> whose optional <c>alg</c> and <c>use</c> allow signing with <paramref name="algorithm"/>.</summary>
    private static bool IsKeyFor(JsonElement jwk, string keyType, string algorithm) =>
        jwk.ValueKind == JsonValueKind.Object
        && jwk.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == keyType
        && (!jwk.TryGetProperty("alg", out var alg) || (alg.ValueKind == JsonValueKind.String && alg.GetString() == algorithm))
        && (!jwk.TryGetProperty("use", out var use) || (use.ValueKind == JsonValueKind.String && use.GetString() == "sig"));

    private static bool TryDecode(JsonElement jwk, string name, out byte[] value)
    {
        value = [];
        if (!jwk.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = element.GetString()!;
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        value = Base64Url.DecodeFromChars(text);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Fetched the {Algorithm} signing keys from {Url}: {Kept} usable, {Skipped} skipped")]
        public static partial void KeySetFetched(ILogger logger, Uri url, string algorithm, int kept, int skipped);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "No usable {Algorithm} signing keys from {Url}: {Reason}")]
        public static partial void KeySetUnavailable(ILogger logger, Uri url, string algorithm, string reason);
    }
}
