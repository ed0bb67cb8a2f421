// A JsSIP user agent in node over SIP-over-WebSocket that makes or takes one call through the edge proxy. Signalling
// only: a stand-in RTCPeerConnection offers and answers a fixed SDP (no media flows).
// Usage:
//   node jssip-call.js call   <ws-url> <username> <password> <target> [--hangup-after <ms>]
//   node jssip-call.js answer <ws-url> <username> <password> [--reject <status>] [--ring] [--hangup-after <ms>]
// call: registers, calls <target>, hangs up <ms> after the call is confirmed (default: waits for the far end's BYE).
// answer: registers, then answers the first incoming call (or rejects it with --reject, or lets it ring with --ring),
// and hangs up after <ms> when given. Prints one line per event:
//   GRUU <public> <temporary> / REGISTERED / PROGRESS <status> / INCOMING <from> / CONFIRMED / ENDED <originator> <cause> / FAILED <originator> <cause> <status>
// and ROUTE <Record-Route values of the dialog-creating response or request> for the test to check.
// Exit code 0 when the call went as asked (ENDED for a confirmed call, FAILED for a rejected/cancelled one when expected).
'use strict';

const WebSocket = require('ws');
const JsSIP = require('jssip');

const [mode, url, username, password, target] = process.argv.slice(2);
const option = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : null;
};
const hangupAfter = option('--hangup-after') !== null ? Number(option('--hangup-after')) : null;
const reject = option('--reject') !== null ? Number(option('--reject')) : null;
const ring = process.argv.includes('--ring');
if (!['call', 'answer'].includes(mode) || !url || !username || !password || (mode === 'call' && !target)) {
  console.error('usage: see the header of jssip-call.js');
  process.exit(2);
}

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

class FixedSdpPeerConnection {
  constructor() {
    this.iceGatheringState = 'complete';
    this.iceConnectionState = 'new';
    this.connectionState = 'new';
    this.signalingState = 'stable';
    this.localDescription = null;
    this.remoteDescription = null;
  }
  addEventListener() {}
  removeEventListener() {}
  createOffer() { return Promise.resolve({ type: 'offer', sdp: SDP }); }
  createAnswer() { return Promise.resolve({ type: 'answer', sdp: SDP }); }
  setLocalDescription(d) { this.localDescription = d; this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable'; return Promise.resolve(); }
  setRemoteDescription(d) { this.remoteDescription = d; this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable'; return Promise.resolve(); }
  getSenders() { return []; }
  getReceivers() { return []; }
  addTrack() {}
  close() { this.signalingState = 'closed'; }
}

global.window = global;
global.RTCPeerConnection = FixedSdpPeerConnection;
global.RTCSessionDescription = class { constructor(d) { Object.assign(this, d); } };
global.WebSocket = class extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { rejectUnauthorized: false });
  }
};

const stream = { getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [], removeTrack() {} };
const ua = new JsSIP.UA({
  sockets: [new JsSIP.WebSocketInterface(url)],
  uri: 'sip:' + username,
  password,
  register: false,
  session_timers: false,
  connection_recovery_min_interval: 30,
  connection_recovery_max_interval: 30,
});

const timer = setTimeout(() => finish(1, 'TIMEOUT'), 60000);
function finish(code, text) {
  clearTimeout(timer);
  if (text) {
    console.log(text);
  }
  try { ua.stop(); } catch (e) { /* already stopped */ }
  setTimeout(() => process.exit(code), 300);
}

function routes(message) {
  return message ? message.getHeaders('Record-Route').join(', ') : '';
}

function watch(session, expectFailure) {
  let confirmed = false;
  session.on('progress', (e) => console.log(`PROGRESS ${e.response ? e.response.status_code : ''}`));
  session.on('accepted', (e) => {
    if (e.originator === 'remote' && e.response) {
      console.log(`ROUTE ${routes(e.response)}`);
    }
  });
  session.on('confirmed', () => {
    confirmed = true;
    console.log('CONFIRMED');
    if (hangupAfter !== null) {
      setTimeout(() => session.terminate(), hangupAfter);
    }
  });
  session.on('ended', (e) => finish(confirmed ? 0 : 1, `ENDED ${e.originator} ${e.cause}`));
  session.on('failed', (e) => finish(expectFailure ? 0 : 1, `FAILED ${e.originator} ${e.cause} ${e.message && e.message.status_code ? e.message.status_code : ''}`.trim()));
}

ua.on('connected', () => ua.register());
ua.on('registrationFailed', (e) => finish(1, `FAILED register ${e.cause} ${e.response ? e.response.status_code : ''}`));
ua.on('registered', () => {
  // The GRUUs the registrar gave (RFC 5627), '-' when none: JsSIP puts the public one in the Contact of its dialogs.
  console.log(`GRUU ${ua.contact.pub_gruu || '-'} ${ua.contact.temp_gruu || '-'}`);
  console.log('REGISTERED');
  if (mode === 'call') {
    const session = ua.call(target, { mediaStream: stream, mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
    watch(session, process.argv.includes('--expect-failure'));
  }
});
ua.on('newRTCSession', (e) => {
  if (e.originator !== 'remote') {
    return;
  }

  const session = e.session;
  console.log(`INCOMING ${e.request.from.uri.toString()}`);
  console.log(`ROUTE ${routes(e.request)}`);
  watch(session, reject !== null || ring);
  if (reject !== null) {
    session.terminate({ status_code: reject });
  } else if (!ring) {
    session.answer({ mediaStream: stream, mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
  }
});
ua.start();
