// Registers with JsSIP over SIP-over-WebSocket as the original browser client did: the credential's username is the
// SIP URI user (uri "sip:<expiry>:<user>@<domain>"), authorization_user left to default (the URI user), the password.
// Then re-registers and unregisters. Prints one line per step:
//   REGISTERED <status> / GRUU <public> <temporary> ('-' when none, RFC 5627) / CONTACT <our contact URI> / REREGISTERED <status> / UNREGISTERED, or FAILED <cause> <status>.
// Usage: node jssip-register.js <ws-url> <username> <password> [--until-file <path>]
// --until-file: after re-registering, wait until that file exists before unregistering (a test queries meanwhile).
// Exit code 0 when every step succeeded.
'use strict';

const fs = require('fs');
const WebSocket = require('ws');
const JsSIP = require('jssip');

const [url, username, password] = process.argv.slice(2);
const untilIndex = process.argv.indexOf('--until-file');
const untilFile = untilIndex > 0 ? process.argv[untilIndex + 1] : null;
if (!url || !username || !password) {
  console.error('usage: node jssip-register.js <ws-url> <username> <password> [--until-file <path>]');
  process.exit(2);
}

global.WebSocket = class extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { rejectUnauthorized: false });
  }
};

// JsSIP emits 'registered' once (not on refreshes), so the refresh's 200 is seen on the socket itself.
const socket = new JsSIP.WebSocketInterface(url);
let onRegister200 = null;
let handler = null;
Object.defineProperty(socket, 'ondata', {
  get: () => handler,
  set: (h) => {
    handler = (data) => {
      const text = typeof data === 'string' ? data : Buffer.from(data).toString();
      if (text.startsWith('SIP/2.0 200') && /\r\nCSeq:\s*\d+\s+REGISTER\r\n/i.test(text) && onRegister200) {
        const callback = onRegister200;
        onRegister200 = null;
        setTimeout(() => callback(text), 0);
      }
      h(data);
    };
  },
});

const ua = new JsSIP.UA({
  sockets: [socket],
  uri: 'sip:' + username,
  password,
  register: false,
  connection_recovery_min_interval: 30,
  connection_recovery_max_interval: 30,
});

const timer = setTimeout(() => finish(1, 'TIMEOUT'), 30000);
let registrations = 0;

function finish(code, text) {
  clearTimeout(timer);
  console.log(text);
  ua.stop();
  setTimeout(() => process.exit(code), 200);
}

function waitForFile(then) {
  if (!untilFile || fs.existsSync(untilFile)) {
    then();
    return;
  }
  setTimeout(() => waitForFile(then), 100);
}

ua.on('connected', () => ua.register());
ua.on('registered', (e) => {
  registrations++;
  if (registrations === 1) {
    console.log(`REGISTERED ${e.response.status_code}`);
    console.log(`GRUU ${ua.contact.pub_gruu || '-'} ${ua.contact.temp_gruu || '-'}`);
    const contact = ua.contact.uri.toString();
    console.log(`CONTACT ${contact}`);
    onRegister200 = (text) => {
      if (!text.includes(contact)) {
        finish(1, 'FAILED refresh 200 without our contact');
        return;
      }
      console.log('REREGISTERED 200');
      waitForFile(() => ua.unregister());
    };
    ua.register();
  }
});
ua.on('unregistered', (e) => finish(0, `UNREGISTERED ${e.response ? e.response.status_code : ''}`));
ua.on('registrationFailed', (e) => finish(1, `FAILED ${e.cause} ${e.response ? e.response.status_code : ''}`));
ua.on('disconnected', (e) => {
  if (e.error) {
    finish(1, `DISCONNECTED ${e.code || ''} ${e.reason || ''}`);
  }
});

ua.start();
