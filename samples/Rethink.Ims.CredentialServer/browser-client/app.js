// The page: sign in, fetch a credential, register, call. State lives in data-state attributes and visible text,
// so people (and the browser tests) read the same thing.
import { developmentToken, fetchCredential, loadConfig, ProblemError, setUpGoogle } from './auth.js';
import { Phone } from './phone.js';
import { expiredCredential } from './messages.js';

const $ = (id) => document.getElementById(id);

const registrationText = {
  connecting: 'Connecting…',
  registering: 'Registering…',
  registered: 'Registered',
  unregistering: 'Unregistering…',
  unregistered: 'Not registered',
  failed: 'Not registered (failed)',
};

const callText = {
  idle: 'No call',
  calling: 'Calling…',
  ringing: 'Ringing…',
  incoming: 'Incoming call',
  answering: 'Connecting…',
  established: 'In call',
  ended: 'Call ended',
};

let config = null;
let phone = null;
let identity = null;
let expiryTimer = 0;
let callTimer = 0;

function mode() {
  return document.querySelector('input[name="mode"]:checked').value;
}

function setStatus(state, text) {
  const status = $('status');
  status.dataset.state = state;
  status.textContent = text;
}

function showError(problem) {
  const error = $('error');
  if (!problem) {
    error.hidden = true;
    error.textContent = '';
    delete error.dataset.code;
    return;
  }
  error.dataset.code = problem.code;
  error.textContent = problem.text;
  error.hidden = false;
}

function problemOf(error) {
  return error instanceof ProblemError ? error.problem : { code: 'unexpected', text: `Something went wrong: ${error.message}` };
}

async function signedIn({ token, email }) {
  showError(null);
  setStatus('signing-in', 'Getting a SIP credential…');
  try {
    const credential = await fetchCredential(config.credentialUrl, token, mode() === 'wire-compatible');
    identity = email || credential.username.slice(credential.username.indexOf(':') + 1);
    await startPhone(credential);
  } catch (error) {
    setStatus('signed-out', 'Signed out');
    showError(problemOf(error));
  }
}

async function startPhone(credential) {
  if (phone) {
    await phone.stop();
  }
  phone = new Phone({
    credential,
    mode: mode(),
    server: $('server').value.trim() || (mode() === 'wire-compatible' ? '' : config.sipWebSocketUrl),
    remoteAudio: $('remote-audio'),
    loopbackMedia: !!config.loopbackMedia,
  });
  phone.addEventListener('registration', (e) => onRegistration(e.detail));
  phone.addEventListener('call', (e) => onCall(e.detail));
  phone.addEventListener('dtmf', (e) => {
    $('dtmf-sent').textContent = e.detail.tones;
    $('dtmf-sent').dataset.method = e.detail.method;
  });

  $('identity').textContent = identity;
  $('sip-address').textContent = phone.settings.aor;
  $('sip-server').textContent = phone.settings.server || '(none)';
  $('credential-expiry').textContent = new Date(credential.expiresMs).toLocaleString();
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('phone').hidden = false;
  document.body.dataset.mode = mode();
  watchExpiry(credential);
  // The original client registered as soon as it had a credential.
  await phone.register();
}

function watchExpiry(credential) {
  clearTimeout(expiryTimer);
  const delay = Math.max(0, credential.expiresMs + 1000 - Date.now());
  expiryTimer = setTimeout(() => {
    $('credential-expiry').textContent += ' (expired)';
    showError(expiredCredential());
    setStatus('expired', 'Credential expired: sign in again');
  }, Math.min(delay, 2 ** 31 - 1));
}

function onRegistration({ state, problem }) {
  const badge = $('registration-state');
  badge.dataset.state = state;
  badge.textContent = registrationText[state];
  $('register-button').disabled = state === 'registered' || state === 'registering' || state === 'connecting';
  $('unregister-button').disabled = state !== 'registered';
  $('call-button').disabled = state !== 'registered';
  if (state === 'registered' && phone.credentialExpired) {
    // A 200 that arrives after the credential ran out: registered for now, but the next refresh will fail.
    showError(expiredCredential());
    setStatus('expired', 'Credential expired: sign in again');
  } else if (state === 'registered') {
    showError(null);
    setStatus('registered', `Registered as ${phone.settings.aor}`);
  } else if (state === 'failed') {
    showError(problem);
    if (problem && problem.code === 'credential-expired') {
      setStatus('expired', 'Credential expired: sign in again');
    } else {
      setStatus('failed', 'Not registered');
    }
  } else if (state === 'unregistered') {
    setStatus('unregistered', 'Signed in, not registered');
  } else {
    setStatus(state, registrationText[state]);
  }
}

function onCall({ state, peer, problem, direction }) {
  const badge = $('call-state');
  badge.dataset.state = state;
  badge.textContent = callText[state];
  $('call-peer').textContent = peer ? (direction === 'incoming' ? `from ${peer}` : `to ${peer}`) : '';
  $('incoming').hidden = state !== 'incoming';
  $('incoming-from').textContent = peer || '';
  $('call').hidden = state === 'incoming';
  $('keypad').disabled = state !== 'established';
  $('mute-button').disabled = state !== 'established';
  $('hangup-button').disabled = state === 'ended';
  $('call-button').disabled = state !== 'ended' || phone.registrationState !== 'registered';
  $('mute-button').setAttribute('aria-pressed', 'false');
  $('mute-button').textContent = 'Mute';
  if (state === 'calling' || state === 'incoming') {
    $('dtmf-sent').textContent = '';
    showError(null);
  }
  if (state === 'incoming') {
    $('answer-button').focus();
  }
  clearInterval(callTimer);
  $('call-timer').textContent = '';
  if (state === 'established') {
    const started = Date.now();
    callTimer = setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      $('call-timer').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    }, 1000);
  }
  if (state === 'ended' && problem) {
    showError(problem);
  }
  const peerText = peer || '';
  setStatus(`call-${state}`, state === 'ended' ? (phone.registrationState === 'registered' ? `Registered as ${phone.settings.aor}` : 'Call ended')
    : `${callText[state]} ${peerText}`.trim());
}

function bind() {
  $('dev-sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-button').disabled = true;
    try {
      await signedIn(await developmentToken($('email').value.trim()));
    } catch (error) {
      showError(problemOf(error));
    } finally {
      $('sign-in-button').disabled = false;
    }
  });
  $('register-button').addEventListener('click', () => phone && phone.register());
  $('unregister-button').addEventListener('click', () => phone && phone.unregister());
  $('sign-out-button').addEventListener('click', async () => {
    clearTimeout(expiryTimer);
    if (phone) {
      await phone.stop();
      phone = null;
    }
    showError(null);
    $('account').hidden = true;
    $('phone').hidden = true;
    $('sign-in').hidden = false;
    setStatus('signed-out', 'Signed out');
  });
  $('dial-form').addEventListener('submit', (event) => {
    event.preventDefault();
    phone && phone.call($('target').value);
  });
  $('answer-button').addEventListener('click', () => phone && phone.answer());
  $('decline-button').addEventListener('click', () => phone && phone.decline());
  $('hangup-button').addEventListener('click', () => phone && phone.hangUp());
  $('mute-button').addEventListener('click', () => {
    if (!phone) {
      return;
    }
    const muted = !phone.muted;
    phone.setMuted(muted);
    $('mute-button').setAttribute('aria-pressed', String(muted));
    $('mute-button').textContent = muted ? 'Unmute' : 'Mute';
  });
  $('keypad').addEventListener('click', (event) => {
    const tone = event.target.dataset && event.target.dataset.tone;
    if (tone && phone) {
      phone.sendDtmf(tone).catch((error) => showError({ code: 'dtmf-failed', text: `The tone could not be sent: ${error.message}` }));
    }
  });
}

// Settings can come from the address too (?mode=wire-compatible&server=wss://...), so a link can open the page set up.
function applyQuery() {
  const query = new URLSearchParams(location.search);
  const wanted = query.get('mode');
  const radio = wanted && document.querySelector(`input[name="mode"][value="${CSS.escape(wanted)}"]`);
  if (radio) {
    radio.checked = true;
    $('settings').open = true;
  }
  if (query.get('server')) {
    $('server').value = query.get('server');
    $('settings').open = true;
  }
}

async function main() {
  bind();
  applyQuery();
  try {
    config = await loadConfig();
  } catch (error) {
    setStatus('failed', 'Unavailable');
    showError({ code: 'config-unavailable', text: `The page cannot load its configuration: ${error.message}` });
    return;
  }
  $('dev-sign-in').hidden = !config.developmentIssuer;
  $('google-sign-in').hidden = !config.googleClientId;
  $('no-sign-in').hidden = config.developmentIssuer || !!config.googleClientId;
  $('call').hidden = false;
  if (config.googleClientId) {
    setUpGoogle(config, $('google-button'), $('google-token-button'), signedIn, (error) => showError(problemOf(error)))
      .catch((error) => showError(problemOf(error)));
  }
  setStatus('signed-out', 'Signed out');
}

// For tests and debugging: the current phone (stats, state) without reaching into the UI.
window.imsClient = {
  get phone() { return phone; },
  get config() { return config; },
  async stats() {
    const pc = phone && phone.peerConnection;
    if (!pc) {
      return null;
    }
    const result = { inbound: null, outbound: null, connectionState: pc.connectionState };
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        result.inbound = { packetsReceived: report.packetsReceived, audioLevel: report.audioLevel ?? null, bytesReceived: report.bytesReceived };
      } else if (report.type === 'outbound-rtp' && report.kind === 'audio') {
        result.outbound = { packetsSent: report.packetsSent, bytesSent: report.bytesSent };
      }
    });
    return result;
  },
  // The loudest RMS level of what the page plays from the other side over `ms`, measured by a WebAudio analyser.
  async measureLevel(ms = 2000) {
    const stream = $('remote-audio').srcObject;
    if (!stream) {
      return null;
    }
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    // The largest window (about 0.7 s at 48 kHz): a short beep is seen even when a busy machine delays the timer.
    analyser.fftSize = 32768;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    for (const end = performance.now() + ms; performance.now() < end;) {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const value of samples) {
        sum += value * value;
      }
      loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await context.close();
    return loudest;
  },
};

main();
