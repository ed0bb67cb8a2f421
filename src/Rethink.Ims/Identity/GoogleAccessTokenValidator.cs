using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>
/// Validates a Google OAuth access token the way the original credential service did, for browser clients that
/// send one: Google's tokeninfo endpoint checks it, then the userinfo endpoint gives the e-mail address.
/// </summary>
/// <remarks>
/// Prefer <see cref="GoogleIdTokenValidator"/>: it needs no call to Google per request and always checks the
/// audience. Outcomes: tokeninfo or userinfo answering 4xx is <see cref="IdentityFailureReason.ProviderRejected"/>,
/// 5xx, a timeout, a network failure or an unreadable answer is <see cref="IdentityFailureReason.ProviderUnavailable"/>;
/// with an HTTP answer, its status and body are kept in <see cref="IdentityValidationResult.ProviderStatusCode"/> and
/// <see cref="IdentityValidationResult.ProviderResponse"/>. The token goes to Google in tokeninfo's query string, as
/// Google documents it; since .NET 9, <c>IHttpClientFactory</c>'s logs and HttpClient's events replace query strings
/// with <c>*</c> unless the <c>System.Net.Http.DisableUriRedaction</c> switch is set, so keep that switch off.
/// </remarks>
public sealed partial class GoogleAccessTokenValidator : IIdentityTokenValidator
{
    private const int MaxResponseBytes = 64 * 1024;
    private const int MaxPassedThroughChars = 16 * 1024;

    private readonly HttpClient _httpClient;
    private readonly AccessTokenValidationOptions _options;
    private readonly HashSet<string> _audiences;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a validator.</summary>
    /// <param name="httpClient">Calls Google (give it one from <c>IHttpClientFactory</c>).</param>
    /// <param name="options">Endpoints and checks; checked here with <see cref="AccessTokenValidationOptionsValidator"/>.</param>
    /// <param name="timeProvider">The clock for <see cref="AccessTokenValidationOptions.RequestTimeout"/>.</param>
    /// <param name="logger">Logs refusals (never the token).</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GoogleAccessTokenValidator(HttpClient httpClient, IOptions<AccessTokenValidationOptions> options, TimeProvider timeProvider, ILogger<GoogleAccessTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        var validation = new AccessTokenValidationOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AccessTokenValidationOptions), validation.Failures);
        }

        _httpClient = httpClient;
        _audiences = new HashSet<string>(_options.Audiences, StringComparer.Ordinal);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async ValueTask<IdentityValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Refuse(IdentityFailureReason.MissingToken, "no token");
        }

        if (token.Length > _options.MaxTokenLength)
        {
            return Refuse(IdentityFailureReason.TooLarge, $"the token is longer than {_options.MaxTokenLength} characters");
        }

        if (!IsBearerToken(token))
        {
            return Refuse(IdentityFailureReason.Malformed, "not a bearer token (RFC 6750 b64token characters only)");
        }

        var tokenInfo = await CallAsync("tokeninfo", TokenInfoRequest(token), cancellationToken).ConfigureAwait(false);
        if (tokenInfo.Failure is { } tokenInfoFailure)
        {
            return tokenInfoFailure;
        }

        using (tokenInfo.Document)
        {
            var info = tokenInfo.Document!.RootElement;
            if (_audiences.Count > 0
                && !(GetString(info, "aud") is { } aud && _audiences.Contains(aud))
                && !(GetString(info, "azp") is { } azp && _audiences.Contains(azp)))
            {
                return Refuse(IdentityFailureReason.WrongAudience, "the token was issued to another application");
            }
        }

        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, _options.UserInfoUrl);
        userInfoRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var userInfo = await CallAsync("userinfo", userInfoRequest, cancellationToken).ConfigureAwait(false);
        if (userInfo.Failure is { } userInfoFailure)
        {
            return userInfoFailure;
        }

        using (userInfo.Document)
        {
            return CheckUser(userInfo.Document!.RootElement);
        }
    }

    private IdentityValidationResult CheckUser(JsonElement user)
    {
        var subject = GetString(user, "sub");
        if (string.IsNullOrEmpty(subject))
        {
            return Refuse(IdentityFailureReason.ProviderUnavailable, "userinfo answered without sub");
        }

        var hostedDomain = GetString(user, "hd");
        if (_options.HostedDomain is { } required && !string.Equals(hostedDomain, required, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(IdentityFailureReason.WrongHostedDomain, $"the account is not in '{required}'");
        }

        var email = GetString(user, "email");
        if (string.IsNullOrWhiteSpace(email))
        {
            return Refuse(IdentityFailureReason.NoEmail, "userinfo gave no e-mail address (is the email scope granted?)");
        }

        var verified = user.TryGetProperty("email_verified", out var v)
            && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
        if (_options.RequireVerifiedEmail && !verified)
        {
            return Refuse(IdentityFailureReason.EmailNotVerified, "email_verified is not true");
        }

        Log.Accepted(_logger);
        return IdentityValidationResult.Success(new ImsIdentity(subject, email, verified, _options.Issuer, hostedDomain));
    }

    private HttpRequestMessage TokenInfoRequest(string token)
    {
        var builder = new UriBuilder(_options.TokenInfoUrl);
        var parameter = "access_token=" + Uri.EscapeDataString(token);
        builder.Query = builder.Query.Length > 1 ? builder.Query[1..] + "&" + parameter : parameter;
        return new HttpRequestMessage(HttpMethod.Get, builder.Uri);
    }

    /// <summary>Sends <paramref name="request"/> (and disposes it); a JSON object, or the refusal that the answer (or its absence) means.</summary>
    private async Task<(JsonDocument? Document, IdentityValidationResult? Failure)> CallAsync(string endpoint, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using (request)
            {
                using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var body = await BoundedContent.ReadAsync(response.Content, MaxResponseBytes, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    var reason = status >= 500 ? IdentityFailureReason.ProviderUnavailable : IdentityFailureReason.ProviderRejected;
                    var text = body is null ? null : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, MaxPassedThroughChars)));
                    return (null, Refuse(reason, $"{endpoint} answered {status}", status, text));
                }

                if (body is null)
                {
                    return (null, Refuse(IdentityFailureReason.ProviderUnavailable, $"{endpoint} answered more than {MaxResponseBytes} bytes"));
                }

                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    return (null, Refuse(IdentityFailureReason.ProviderUnavailable, $"{endpoint} answered JSON that is not an object"));
                }

                return (document, null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Refuse(IdentityFailureReason.ProviderUnavailable, $"{endpoint} did not answer within {_options.RequestTimeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            return (null, Refuse(IdentityFailureReason.ProviderUnavailable, $"{endpoint} could not be reached ({ex.HttpRequestError})"));
        }
        catch (JsonException)
        {
            return (null, Refuse(IdentityFailureReason.ProviderUnavailable, $"{endpoint} answered something that is not JSON"));
        }
    }

    /// <summary>RFC 6750 <c>b64token</c>: letters, digits, <c>- . _ ~ + /</c>, then optional <c>=</c> padding.</summary>
    private static bool IsBearerToken(string token)
    {
        var body = token.AsSpan().TrimEnd('=');
        if (body.IsEmpty)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-._~+/".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private IdentityValidationResult Refuse(IdentityFailureReason reason, string detail, int? status = null, string? providerResponse = null)
    {
        if (reason == IdentityFailureReason.ProviderUnavailable)
        {
            Log.ProviderUnavailable(_logger, detail);
        }
        else
        {
            Log.Refused(_logger, reason, detail);
        }

        return status is { } code
            ? IdentityValidationResult.ProviderFail(reason, detail, code, providerResponse)
            : IdentityValidationResult.Fail(reason, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Access token accepted")]
        public static partial void Accepted(ILogger logger);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Access token refused: {Reason}: {Detail}")]
        public static partial void Refused(ILogger logger, IdentityFailureReason reason, string detail);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Access token not checked, Google unavailable: {Detail}")]
        public static partial void ProviderUnavailable(ILogger logger, string detail);
    }
}
