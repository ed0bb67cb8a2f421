using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Rethink.Ims.Provisioning;
using Rethink.Ims.Samples;

namespace Rethink.Ims.CredentialServer;

/// <summary>
/// Serves the browser client: the page (<c>browser-client/</c> next to the program) at <c>/</c>, SIP.js's ES modules
/// (copied from npm by the build) at <c>/vendor/sip.js/</c>, and <c>GET /client-config.json</c>, which tells the page
/// how to sign in and where the SIP WebSocket is. Same origin as <c>/credential</c>, so the page needs no CORS.
/// Nothing here is in the library: a host that wants the page maps these three things itself.
/// </summary>
internal static partial class BrowserClientHosting
{
    public const string ConfigPath = "/client-config.json";
    public const string VendorPath = "/vendor/sip.js";

    /// <summary>Maps the page, the vendor modules and the configuration endpoint; does nothing when the page is off.</summary>
    public static void MapBrowserClient(this WebApplication app)
    {
        if (!app.Configuration.Flag("BrowserClient:Enabled", true, "The credential server"))
        {
            return;
        }

        var pageRoot = Path.Combine(AppContext.BaseDirectory, "browser-client");
        var vendorRoot = Path.Combine(AppContext.BaseDirectory, "browser-client-vendor", "sip.js");
        if (!Directory.Exists(pageRoot) || !File.Exists(Path.Combine(vendorRoot, "index.js")))
        {
            // A build without npm (node_modules missing) still runs the credential service; say why there is no page.
            app.MapGet("/", () => Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The browser client is not built",
                detail: "Build the sample with npm available: the build runs npm ci to fetch SIP.js."));
            return;
        }

        var contentSecurityPolicy = ContentSecurityPolicy(Path.Combine(pageRoot, "index.html"));
        app.Use(async (context, next) =>
        {
            // The page and its modules change with every build; ask the browser to revalidate rather than guess.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = contentSecurityPolicy;
                }

                if (!headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-cache";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });

        var pages = new PhysicalFileProvider(pageRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(vendorRoot), RequestPath = VendorPath });

        app.MapGet(ConfigPath, (IOptions<EphemeralAuthOptions> auth, IConfiguration configuration) =>
            Results.Json(BrowserClientConfig.From(auth.Value, configuration)));
    }

    /// <summary>
    /// The page's policy: its own scripts, the inline import map by its hash (computed from the file served, so an edit
    /// to the map cannot be forgotten here), Google Identity Services' script, style and frame, and SIP WebSockets on
    /// any host (the SIP edge is another origin, and Settings lets a person pick one).
    /// </summary>
    private static string ContentSecurityPolicy(string indexPath)
    {
        var html = File.ReadAllText(indexPath);
        var importMap = ImportMap().Match(html);
        var hash = importMap.Success
            ? $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)))}'"
            : string.Empty;
        const string google = "https://accounts.google.com/gsi/";
        return "default-src 'self'; " +
            $"script-src 'self'{hash} {google}client; " +
            $"style-src 'self' {google}style; " +
            $"frame-src {google}; " +
            $"connect-src 'self' ws: wss: {google}; " +
            "img-src 'self' data: https://*.googleusercontent.com; " +
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}
