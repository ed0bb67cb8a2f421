// Sends one OPTIONS with JsSIP over SIP-over-WebSocket and prints the final status.
// Usage: node jssip-options.js <ws://host:port | wss://host:port> [--insecure]
// --insecure accepts a self-signed server certificate (the development certificate of the tests).
// Exit code 0 when the answer is 200, 1 otherwise.
'use strict';

const WebSocket = require('ws');
const JsSIP = require('jssip');

const url = process.argv[2];
const insecure = process.argv.includes('--insecure');
if (!url) {
  console.error('usage: node jssip-options.js <ws-url> [--insecure]');
  process.exit(2);
}

// JsSIP's WebSocketInterface expects a W3C WebSocket; node 20 has none, the ws package provides one.
global.WebSocket = class extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, insecure ? { rejectUnauthorized: false } : {});
  }
};

const host = new URL(url).hostname;
const ua = new JsSIP.UA({
  sockets: [new JsSIP.WebSocketInterface(url)],
  uri: `sip:jssip-test@${host}`,
  register: false,
  connection_recovery_min_interval: 30,
  connection_recovery_max_interval: 30,
});

const timer = setTimeout(() => finish(1, 'TIMEOUT'), 10000);

function finish(code, text) {
  clearTimeout(timer);
  console.log(text);
  ua.stop();
  setTimeout(() => process.exit(code), 200);
}

ua.on('connected', () => {
  ua.sendOptions(`sip:${host}`, null, {
    eventHandlers: {
      succeeded: (e) => finish(e.response.status_code === 200 ? 0 : 1, `STATUS ${e.response.status_code} ${e.response.getHeader('Allow') || ''}`),
      failed: (e) => finish(1, `FAILED ${e.cause} ${e.response ? e.response.status_code : ''}`),
    },
  });
});
ua.on('disconnected', (e) => {
  if (e.error) {
    finish(1, `DISCONNECTED ${e.code || ''} ${e.reason || ''}`);
  }
});

ua.start();
