using Rethink.Ims.CredentialServer;
using Rethink.Ims.Samples;

// The ephemeral credential service: GET /credential turns an identity token into SIP credentials that a
// SIP server sharing the secret (ours, or Kamailio with auth_ephemeral) accepts. The browser client page is served
// at / on the same origin (BrowserClientHosting; BrowserClient:Enabled=false turns it off).
// Content root = the program's folder, so appsettings.json is found wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var defaults = LocalDefaults.Apply(builder);

builder.Services.AddImsEphemeralAuth();
builder.Services.AddManagement(); // /metrics (Prometheus) beside /health

var app = builder.Build();
app.MapBrowserClient();
app.MapImsCredentials("/credential");
app.MapManagement();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, defaults));
return app.RunOrExplain("The credential server");
