using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;
using Rethink.Ims.MediaServer;
using Rethink.Ims.Samples;

// The media bridge as a server: WebRTC (ICE-lite, DTLS-SRTP, Opus/G.711) on one side, plain RTP/AVP (G.711) on the
// other, driven over rtpengine's ng protocol on 127.0.0.1:2223, so Kamailio's rtpengine module can use it as is.
// Content root = the program's folder, so appsettings.json is found wherever it is started from.
// A web host only for /health and /metrics (Ims:Management:Urls; default a free port of 127.0.0.1, printed at start; run.sh uses 9223).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls(builder.Configuration["Ims:Management:Urls"] ?? "http://127.0.0.1:0");
builder.Services.AddImsMediaBridge();
builder.Services.AddImsNgControlServer();
builder.Services.AddManagement().AddCheck<NgControlHealthCheck>("ng-control");

var host = builder.Build();
host.MapManagement();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStarted.Register(() => StartupBanner.Print(
    host.Services.GetRequiredService<NgControlServer>(),
    host.Services.GetRequiredService<MediaBridge>(),
    host.Services.GetRequiredService<IOptions<MediaBridgeOptions>>().Value,
    host.Urls));
return host.RunOrExplain("The media server");
