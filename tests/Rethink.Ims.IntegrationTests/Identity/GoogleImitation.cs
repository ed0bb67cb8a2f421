using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>
/// A Kestrel answering like Google's <c>/tokeninfo</c> and <c>/v1/userinfo</c> for one known access token, and with
/// Google's documented error answers for any other. Records what it was asked.
/// </summary>
internal sealed class GoogleImitation : IAsyncDisposable
{
    public const string InvalidTokenBody = """{"error":"invalid_token","error_description":"Invalid Value"}""";

    private LoopbackServer _server = null!;

    public required string ValidToken { get; init; }

    public required string TokenInfo { get; init; }

    public required string UserInfo { get; init; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri TokenInfoUrl => _server.Url("tokeninfo");

    public Uri UserInfoUrl => _server.Url("v1/userinfo");

    public static async Task<GoogleImitation> StartAsync(string validToken, string tokenInfo, string userInfo)
    {
        var google = new GoogleImitation { ValidToken = validToken, TokenInfo = tokenInfo, UserInfo = userInfo };
        google._server = await LoopbackServer.StartAsync(google.HandleAsync);
        return google;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString} auth={request.Headers.Authorization}");
        context.Response.ContentType = "application/json; charset=UTF-8";
        switch (request.Path.Value)
        {
            case "/tokeninfo" when request.Query["access_token"] == ValidToken:
                await Write(context, StatusCodes.Status200OK, TokenInfo);
                break;
            case "/tokeninfo":
                await Write(context, StatusCodes.Status400BadRequest, InvalidTokenBody);
                break;
            case "/v1/userinfo" when request.Headers.Authorization == "Bearer " + ValidToken:
                await Write(context, StatusCodes.Status200OK, UserInfo);
                break;
            case "/v1/userinfo":
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await Write(context, StatusCodes.Status401Unauthorized, """{"error":"invalid_request","error_description":"Invalid Credentials"}""");
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static async Task Write(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
