using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Proxy;
using Rethink.Ims.Sip.Registrar;
using Rethink.Ims.Samples;
using Rethink.Ims.Sip.Services;
using Rethink.Ims.SipServer;

const string Name = "The SIP server"; // in start-failure messages

// A minimal SIP server and registrar: checks every request first (416 URI scheme, 483 Max-Forwards 0, 420 unknown
// Proxy-Require/Require, 415/406 bodies it cannot take), answers OPTIONS with 200, authenticates REGISTERs (and requests from its own
// domains) with the credential server's ephemeral credentials as Kamailio's route[AUTH] does, keeps bindings, and
// answers everything else with 501 Not Implemented. With Ims:Sip:Proxy:Enabled=true (or an Ims:Sip:Proxy:Upstream) it is
// the edge proxy instead: calls between its registered users (WebSocket or SIP) and to/from the upstream (an IMS core).
// Content root = the program's folder, so appsettings.json is found wherever it is started from.
// A web host only for /health and /metrics (Ims:Management:Urls; default a free port of 127.0.0.1, printed at start, so several servers can run side by side; run.sh uses 9060); SIP has its own listeners.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalDefaults.Apply(builder.Configuration);
builder.WebHost.UseUrls(builder.Configuration["Ims:Management:Urls"] ?? "http://127.0.0.1:0");
var proxy = builder.Configuration.Flag("Ims:Sip:Proxy:Enabled", false, Name) || !string.IsNullOrEmpty(builder.Configuration["Ims:Sip:Proxy:Upstream"]);

// With pass-through authentication the core challenges REGISTER itself, so the relay goes before the local digest step.
var passThrough = string.Equals(builder.Configuration["Ims:Sip:Proxy:RegistrationRelay:Authentication"], nameof(SipUpstreamAuthentication.PassThrough), StringComparison.OrdinalIgnoreCase);

builder.Services.AddSipTransactions();
builder.Services.AddSipDigestAuth();
builder.Services.AddSipRegistrar();
if (proxy)
{
    builder.Services.AddSipProxy();

    // Require and the body belong to the user agent that ends the request: a proxy checks only Proxy-Require.
    builder.Services.Configure<SipRequestChecksOptions>(checks =>
    {
        checks.CheckRequire = false;
        checks.CheckContent = false;
    });
}

// Media: the proxy anchors browser <-> plain calls through a media server's ng control port (our media server sample or a
// real rtpengine) when Ims:Sip:MediaAnchor:Ng is set; without it SDP passes unchanged.
var mediaAnchor = proxy && !string.IsNullOrEmpty(builder.Configuration["Ims:Sip:MediaAnchor:Ng"]);
if (mediaAnchor)
{
    builder.Services.AddSipNgMediaAnchor();
}

// The echo service (sip:echo@<domain>): answers and returns the caller's audio, so a browser can test both directions alone.
var echo = proxy && builder.Configuration.Flag("Ims:Sip:Echo:Enabled", false, Name);
if (echo)
{
    builder.Services.AddSipEchoService();
}

var health = builder.Services.AddManagement().AddCheck<SipListenersHealthCheck>("sip-listeners");
if (mediaAnchor)
{
    health.AddCheck<MediaServerHealthCheck>("media-server");
}

builder.Services.AddSipServer(pipeline: sip =>
{
    sip.UseMiddleware<SipRequestChecksMiddleware>()
        .UseMiddleware<OptionsResponder>();
    if (proxy)
    {
        sip.UseMiddleware<SipUpstreamMiddleware>();      // the core's requests need no local authentication
        if (passThrough)
        {
            sip.UseMiddleware<SipRegistrationRelayMiddleware>();
        }
    }

    sip.UseMiddleware<SipDigestAuthMiddleware>()
        .UseMiddleware<SipRelayPolicyMiddleware>();
    if (proxy && !passThrough)
    {
        sip.UseMiddleware<SipRegistrationRelayMiddleware>(); // REGISTER to the IMS core when RegistrationRelay:Enabled
    }

    sip.UseMiddleware<SipRegistrarMiddleware>();
    if (proxy)
    {
        sip.UseMiddleware<SipProxyMiddleware>();         // route(RELAY): everything else is proxied
    }
});

var host = builder.Build();
host.MapManagement();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStarted.Register(() => StartupBanner.Print(
    host.Services.GetRequiredService<SipServer>(), host.Services.GetRequiredService<SipLocalDomains>(), proxy ? host.Services.GetRequiredService<SipProxy>() : null,
    mediaAnchor ? host.Services.GetRequiredService<NgMediaAnchor>() : null, echo ? host.Services.GetRequiredService<SipEchoService>() : null, host.Urls));
return host.RunOrExplain(Name);
