// The SIP side of the page, on SIP.js 0.21 (npm, served as ES modules): one user agent over SIP-over-WebSocket,
// one registration, one call at a time, audio only. The page listens to its events and never touches SIP.js.
//
// Events (CustomEvent, detail in brackets):
//   registration  { state: 'connecting'|'registering'|'registered'|'unregistering'|'unregistered'|'failed', problem? }
//   call          { state: 'calling'|'ringing'|'incoming'|'answering'|'established'|'ended', peer, problem?, direction }
//   dtmf          { tones }   (what has been sent in this call)
import {
  Inviter, Registerer, RegistererState, SessionState, UserAgent, TransportState, Web,
} from 'sip.js';
import * as messages from './messages.js';

const audioOnly = { constraints: { audio: true, video: false } };

/**
 * How a credential becomes a SIP.js configuration.
 * standard:        uri = credential.sipUri (sip:alice@example.com), authorizationUsername = "<expiry>:alice".
 * wire-compatible: as the original reTHINK client, new SIP.UA({ uri: "sip:" + username, wsServers: uris, password }),
 *                  i.e. the address is sip:<expiry>:alice@example.com and the digest user is its user part.
 */
export function userAgentSettings(credential, mode, serverOverride) {
  const webSockets = (credential.uris || []).filter((u) => /^wss?:\/\//i.test(u));
  if (mode === 'wire-compatible') {
    return {
      aor: 'sip:' + credential.username,
      authorizationUsername: undefined,
      server: serverOverride || (credential.uris || [])[0],
    };
  }
  return {
    aor: credential.sipUri,
    authorizationUsername: credential.authorizationUser,
    server: serverOverride || webSockets[0],
  };
}

/**
 * For a whole system on one machine (BrowserClient:LoopbackMedia): the browser's host candidates are announced as
 * 127.0.0.1 (Chromium binds 0.0.0.0:P, so it receives there) and every other candidate is left out, so media never
 * leaves loopback. SIP.js applies its modifiers before ICE gathering, so this rewrites the final description instead.
 */
export function toLoopback(sdp) {
  return sdp.split('\r\n').flatMap((line) => {
    if (line.startsWith('a=candidate:')) {
      const fields = line.split(' '); // foundation component transport priority address port "typ" type ...
      const ipv4Host = fields[2].toLowerCase() === 'udp' && fields[7] === 'host' && /^\d+\.\d+\.\d+\.\d+$/.test(fields[4]);
      return ipv4Host ? [[...fields.slice(0, 4), '127.0.0.1', ...fields.slice(5)].join(' ')] : [];
    }
    return line.startsWith('c=IN IP4 ') ? ['c=IN IP4 127.0.0.1'] : [line];
  }).join('\r\n');
}

function loopbackSessionDescriptionHandlerFactory() {
  const create = Web.defaultSessionDescriptionHandlerFactory();
  return (session, options) => {
    const handler = create(session, options);
    const describe = handler.getLocalSessionDescription.bind(handler);
    handler.getLocalSessionDescription = () => describe().then((d) => ({ type: d.type, sdp: toLoopback(d.sdp) }));
    return handler;
  };
}

export class Phone extends EventTarget {
  constructor({ credential, mode, server, remoteAudio, iceServers, candidateFilter, loopbackMedia }) {
    super();
    this.credential = credential;
    this.mode = mode;
    this.settings = userAgentSettings(credential, mode, server);
    this.remoteAudio = remoteAudio;
    this.candidateFilter = candidateFilter;
    this.session = null;
    this.muted = false;
    this.dtmfSent = '';
    this.registrationState = 'unregistered';
    this.callState = 'idle';
    this.lastCallProblem = null;
    const uri = UserAgent.makeURI(this.settings.aor);
    if (!uri) {
      throw new Error(`Not a SIP address: ${this.settings.aor}`);
    }
    this.userAgent = new UserAgent({
      uri,
      authorizationUsername: this.settings.authorizationUsername,
      authorizationPassword: credential.password,
      transportOptions: { server: this.settings.server },
      logLevel: 'warn',
      sessionDescriptionHandlerFactory: loopbackMedia ? loopbackSessionDescriptionHandlerFactory() : undefined,
      sessionDescriptionHandlerFactoryOptions: {
        iceGatheringTimeout: 2000,
        peerConnectionConfiguration: { iceServers: iceServers || credential.iceServers || [] },
      },
      delegate: {
        onInvite: (invitation) => this.#incoming(invitation),
        onDisconnect: (error) => {
          if (error) {
            this.#setRegistration('failed', messages.connectionLost());
          }
        },
      },
    });
    this.registerer = new Registerer(this.userAgent, { expires: 600 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) {
        this.#setRegistration('registered');
      } else if (state === RegistererState.Unregistered && this.registrationState !== 'failed') {
        this.#setRegistration('unregistered');
      }
    });
  }

  get credentialExpired() {
    // Valid up to and including the expiry second.
    return Date.now() >= this.credential.expiresMs + 1000;
  }

  /** Connects (when needed) and registers; the outcome comes as a `registration` event. */
  async register() {
    if (this.credentialExpired) {
      this.#setRegistration('failed', messages.expiredCredential());
      return;
    }
    if (this.userAgent.transport.state !== TransportState.Connected) {
      this.#setRegistration('connecting');
      try {
        await this.userAgent.start();
      } catch {
        this.#setRegistration('failed', messages.serverUnreachable(this.settings.server));
        return;
      }
    }
    this.#setRegistration('registering');
    try {
      await this.registerer.register({
        requestDelegate: {
          onReject: (response) => this.#setRegistration('failed',
            messages.registrationProblem(response.message.statusCode, this.credentialExpired)),
        },
      });
    } catch (error) {
      this.#setRegistration('failed', { code: 'registration-failed', text: `Registration failed: ${error.message}` });
    }
  }

  async unregister() {
    if (this.registerer.state !== RegistererState.Registered) {
      this.#setRegistration('unregistered');
      return;
    }
    this.#setRegistration('unregistering');
    await new Promise((resolve) => {
      this.registerer.unregister({
        requestDelegate: { onAccept: resolve, onReject: resolve },
      }).catch(resolve);
      setTimeout(resolve, 5000);
    });
    this.#setRegistration('unregistered');
  }

  /** Unregisters, hangs up and closes the WebSocket. */
  async stop() {
    await this.hangUp();
    await this.unregister().catch(() => {});
    await this.userAgent.stop().catch(() => {});
  }

  /** Places a call to `target` (sip:user@domain, or a user name in the credential's domain). */
  async call(target) {
    if (this.session) {
      return;
    }
    const uri = this.#targetUri(target);
    if (!uri) {
      this.#setCall('ended', { peer: target, problem: messages.badTarget(target), direction: 'outgoing' });
      return;
    }
    const peer = uri.toString();
    const inviter = new Inviter(this.userAgent, uri, { sessionDescriptionHandlerOptions: audioOnly });
    this.#track(inviter, peer, 'outgoing');
    this.#setCall('calling', { peer, direction: 'outgoing' });
    try {
      await inviter.invite({
        sessionDescriptionHandlerModifiers: this.#modifiers(),
        requestDelegate: {
          onProgress: (response) => {
            if (response.message.statusCode >= 180 && this.callState === 'calling') {
              this.#setCall('ringing', { peer, direction: 'outgoing' });
            }
          },
          onReject: (response) => {
            this.lastCallProblem = messages.callRejected(response.message.statusCode, response.message.reasonPhrase);
          },
        },
      });
    } catch (error) {
      this.lastCallProblem = messages.mediaProblem(error);
      this.#ended(inviter, peer, 'outgoing');
    }
  }

  async answer() {
    const invitation = this.session;
    if (!invitation || this.callState !== 'incoming') {
      return;
    }
    this.#setCall('answering', { peer: this.peer, direction: 'incoming' });
    try {
      await invitation.accept({ sessionDescriptionHandlerOptions: audioOnly, sessionDescriptionHandlerModifiers: this.#modifiers() });
    } catch (error) {
      this.lastCallProblem = messages.mediaProblem(error);
      await invitation.reject({ statusCode: 488 }).catch(() => {});
      this.#ended(invitation, this.peer, 'incoming');
    }
  }

  /** Declines an incoming call with 486 Busy Here, which the caller's phone reports as "busy". */
  async decline() {
    if (this.session && this.callState === 'incoming') {
      await this.session.reject({ statusCode: 486 }).catch(() => {});
    }
  }

  async hangUp() {
    const session = this.session;
    if (!session) {
      return;
    }
    try {
      switch (session.state) {
        case SessionState.Initial:
        case SessionState.Establishing:
          if (session instanceof Inviter) {
            await session.cancel();
          } else {
            await session.reject({ statusCode: 486 });
          }
          break;
        case SessionState.Established:
          await session.bye();
          break;
        default:
          break;
      }
    } catch {
      // Already ending.
    }
  }

  setMuted(muted) {
    this.muted = muted;
    const handler = this.session && this.session.sessionDescriptionHandler;
    if (handler) {
      handler.enableSenderTracks(!muted);
    }
  }

  /** RFC 4733 telephone-events when the call negotiated them, otherwise SIP INFO (application/dtmf-relay). */
  async sendDtmf(tone) {
    const session = this.session;
    if (!session || session.state !== SessionState.Established) {
      return;
    }
    const handler = session.sessionDescriptionHandler;
    const sent = handler && handler.sendDtmf(tone, { duration: 160, interToneGap: 70 });
    if (!sent) {
      await session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` },
        },
      });
    }
    this.dtmfSent += tone;
    this.dispatchEvent(new CustomEvent('dtmf', { detail: { tones: this.dtmfSent, method: sent ? 'rfc4733' : 'info' } }));
  }

  /** The call's RTCPeerConnection (for statistics), or null. */
  get peerConnection() {
    return (this.session && this.session.sessionDescriptionHandler && this.session.sessionDescriptionHandler.peerConnection) || null;
  }

  #targetUri(target) {
    let text = (target || '').trim();
    if (!text) {
      return undefined;
    }
    if (!/^sips?:/i.test(text)) {
      const domain = this.userAgent.configuration.uri.host;
      text = 'sip:' + (text.includes('@') ? text : `${text}@${domain}`);
    }
    return UserAgent.makeURI(text);
  }

  #incoming(invitation) {
    if (this.session) {
      invitation.reject({ statusCode: 486 }).catch(() => {});
      return;
    }
    const peer = invitation.remoteIdentity.uri.toString();
    this.#track(invitation, peer, 'incoming');
    this.#setCall('incoming', { peer, direction: 'incoming' });
  }

  #track(session, peer, direction) {
    this.session = session;
    this.peer = peer;
    this.muted = false;
    this.dtmfSent = '';
    this.lastCallProblem = null;
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.#attachAudio(session);
        this.#setCall('established', { peer, direction });
      } else if (state === SessionState.Terminated) {
        // SIP.js moves to Terminated before it hands the final response to the request delegate (onReject):
        // end the call once that has told us why.
        setTimeout(() => this.#ended(session, peer, direction), 0);
      }
    });
  }

  #ended(session, peer, direction) {
    if (this.session !== session) {
      return; // Already ended (or a newer call is up).
    }
    this.session = null;
    this.muted = false;
    if (this.remoteAudio) {
      this.remoteAudio.srcObject = null;
    }
    this.#setCall('ended', { peer, direction, problem: this.lastCallProblem });
  }

  #attachAudio(session) {
    const handler = session.sessionDescriptionHandler;
    if (!handler || !this.remoteAudio) {
      return;
    }
    this.remoteAudio.srcObject = handler.remoteMediaStream;
    this.remoteAudio.play().catch(() => {
      // Autoplay refused until the user interacts; the audio element's controls stay available.
    });
  }

  #modifiers() {
    return this.candidateFilter ? [this.candidateFilter] : [];
  }

  #setRegistration(state, problem) {
    this.registrationState = state;
    this.dispatchEvent(new CustomEvent('registration', { detail: { state, problem } }));
  }

  #setCall(state, detail) {
    this.callState = state;
    this.dispatchEvent(new CustomEvent('call', { detail: { state, ...detail } }));
  }
}
