// Registers with SIP.js (0.21, ES module) over SIP-over-WebSocket (ws:// or wss://) as the original browser client
// configured its UA: the SIP URI user is the credential's username (uri "sip:<expiry>:<user>@<domain>"), the
// authorization username is the same, and the password. Then re-registers (a second REGISTER on the same
// registration) and unregisters. SIP.js drops a 2xx to REGISTER whose Contact list lacks its own contact or that
// contact's expires parameter, so every step passing shows the registrar's Contact handling.
// Prints one line per step: REGISTERED <status> / CONTACT <our contact URI> / REREGISTERED <status> /
// UNREGISTERED <status>, or FAILED <what>.
// Usage: node sipjs-register.mjs <ws-or-wss-url> <username> <domain> <password>
// wss:// certificates are not verified (the server sample's development certificate is self-signed).
// Exit code 0 when every step succeeded.
import WebSocket from 'ws';
import { UserAgent, Registerer, RegistererState } from 'sip.js';

const [url, username, domain, password] = process.argv.slice(2);
if (!url || !username || !domain || !password) {
  console.error('usage: node sipjs-register.mjs <ws-or-wss-url> <username> <domain> <password>');
  process.exit(2);
}

// SIP.js's transport uses the WebSocket global of browsers; node has none that skips certificate checks.
globalThis.WebSocket = class extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { rejectUnauthorized: false });
  }
};

const timer = setTimeout(() => finish(1, 'TIMEOUT'), 30000);
let userAgent;

function finish(code, text) {
  clearTimeout(timer);
  console.log(text);
  const stop = userAgent ? userAgent.stop().catch(() => {}) : Promise.resolve();
  stop.finally(() => setTimeout(() => process.exit(code), 200));
}

userAgent = new UserAgent({
  uri: UserAgent.makeURI(`sip:${username}@${domain}`),
  authorizationUsername: username,
  authorizationPassword: password,
  transportOptions: { server: url, traceSip: false },
  logLevel: 'error',
  logBuiltinEnabled: true,
});

const registerer = new Registerer(userAgent, { expires: 600 });

// Each REGISTER's final answer, as SIP.js accepted it (a dropped 200 never calls onAccept, so the step times out).
function register() {
  return new Promise((resolve, reject) => {
    registerer.register({
      requestDelegate: {
        onAccept: (response) => resolve(response.message.statusCode),
        onReject: (response) => reject(new Error(`rejected ${response.message.statusCode}`)),
      },
    }).catch(reject);
  });
}

function unregister() {
  return new Promise((resolve, reject) => {
    registerer.unregister({
      requestDelegate: {
        onAccept: (response) => resolve(response.message.statusCode),
        onReject: (response) => reject(new Error(`rejected ${response.message.statusCode}`)),
      },
    }).catch(reject);
  });
}

try {
  await userAgent.start();
  const first = await register();
  if (registerer.state !== RegistererState.Registered) {
    throw new Error(`state ${registerer.state} after the 200`);
  }
  console.log(`REGISTERED ${first}`);
  console.log(`CONTACT ${userAgent.contact.uri.toString()}`);
  const second = await register();
  console.log(`REREGISTERED ${second}`);
  const third = await unregister();
  if (registerer.state !== RegistererState.Unregistered) {
    throw new Error(`state ${registerer.state} after unregistering`);
  }
  finish(0, `UNREGISTERED ${third}`);
} catch (e) {
  finish(1, `FAILED ${e.message}`);
}
