// The media test page: one RTCPeerConnection (max-bundle, rtcp-mux) that sends a WebAudio oscillator tone
// and plays what comes back in an unmuted <audio> element, with a WebAudio analyser measuring its dominant
// frequency. The test drives it through window.mediaTest (every method returns JSON-serialisable values):
//   await mediaTest.createOffer({ toneHz: 440, codecs: ['PCMU'] })  -> offer SDP (host candidates on 127.0.0.1)
//   await mediaTest.acceptAnswer(sdp)
//   await mediaTest.acceptOffer(sdp, { toneHz: 440 })                 -> answer SDP (for calls towards the browser)
//   await mediaTest.waitConnected(10000)                            -> states, or throws with them
//   await mediaTest.stats()                                         -> inbound/outbound RTP, transport
//   await mediaTest.measure(2000)                                   -> dominant frequencies heard
//   mediaTest.close()
'use strict';

(() => {
  const audio = document.getElementById('remote');
  const logElement = document.getElementById('log');
  const statusBody = document.querySelector('#status tbody');
  const shown = {};
  let pc = null;
  let context = null;
  let oscillator = null;
  let analyser = null;
  let refresh = null;

  function log(text) {
    const line = `${(performance.now() / 1000).toFixed(3)} ${text}`;
    console.log('[media] ' + text);
    logElement.textContent += line + '\n';
  }

  function show(key, value) {
    shown[key] = value;
    statusBody.innerHTML = '';
    for (const [k, v] of Object.entries(shown)) {
      const row = statusBody.insertRow();
      row.insertCell().textContent = k;
      row.insertCell().textContent = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v);
    }
  }

  // Chromium binds 0.0.0.0:P (with the flags in driver.js) and labels the candidate with an interface address;
  // the tests run on loopback only, so the peer is told 127.0.0.1:P. Other candidates (IPv6, TCP, mDNS) are
  // dropped so the peer sees exactly one way in.
  function toLoopback(sdp) {
    const lines = sdp.split('\r\n');
    const out = [];
    for (const line of lines) {
      if (line.startsWith('a=candidate:')) {
        const parts = line.split(' ');
        // foundation component transport priority address port typ type ...
        const [, , transport, , address, , , type] = parts;
        if (transport.toLowerCase() !== 'udp' || type !== 'host' || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
          continue;
        }

        parts[4] = '127.0.0.1';
        out.push(parts.join(' '));
      } else if (/^c=IN IP4 /.test(line)) {
        out.push('c=IN IP4 127.0.0.1');
      } else {
        out.push(line);
      }
    }

    return out.join('\r\n');
  }

  function waitForGathering(timeoutMs) {
    if (pc.iceGatheringState === 'complete') {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ICE gathering not complete after ${timeoutMs} ms`)), timeoutMs);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  function onTrack(event) {
    const stream = event.streams && event.streams[0] ? event.streams[0] : new MediaStream([event.track]);
    log(`remote track ${event.track.kind} (${event.streams.length} stream(s))`);
    // Chrome only feeds a remote WebRTC stream into WebAudio while a media element plays it; an element
    // that is muted also reads audioLevel 0 in getStats.
    audio.srcObject = stream;
    audio.muted = false;
    audio.volume = 1;
    audio.play().catch((error) => log('audio.play failed: ' + error));
    const source = context.createMediaStreamSource(stream);
    analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    source.connect(analyser);
  }

  // The tone source and the peer connection; the codec preferences apply to the transceiver that sends the tone.
  async function setUp(options) {
    const toneHz = options.toneHz ?? 440;
    context = new AudioContext({ sampleRate: 48000 });
    await context.resume();
    oscillator = context.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = toneHz;
    const gain = context.createGain();
    gain.gain.value = options.toneGain ?? 0.3;
    const destination = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(destination);
    oscillator.start();

    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: [] });
    pc.addEventListener('iceconnectionstatechange', () => { log('ice ' + pc.iceConnectionState); show('ice', pc.iceConnectionState); });
    pc.addEventListener('connectionstatechange', () => { log('connection ' + pc.connectionState); show('connection', pc.connectionState); });
    pc.addEventListener('signalingstatechange', () => log('signaling ' + pc.signalingState));
    pc.addEventListener('track', onTrack);
    show('tone sent (Hz)', toneHz);
    return destination.stream;
  }

  function preferCodecs(transceiver, names) {
    if (!names || !names.length) {
      return;
    }

    const wanted = names.map((name) => 'audio/' + name.toLowerCase());
    const codecs = RTCRtpReceiver.getCapabilities('audio').codecs
      .filter((codec) => wanted.includes(codec.mimeType.toLowerCase()))
      .sort((a, b) => wanted.indexOf(a.mimeType.toLowerCase()) - wanted.indexOf(b.mimeType.toLowerCase()));
    transceiver.setCodecPreferences(codecs);
  }

  async function finishLocalDescription(options) {
    await waitForGathering(options.gatheringTimeoutMs ?? 5000);
    refresh = setInterval(() => stats().catch(() => {}), 500);
    const sdp = pc.localDescription.sdp;
    return options.loopbackCandidates === false ? sdp : toLoopback(sdp);
  }

  // Calls out: the page offers (options: toneHz, codecs, toneGain, loopbackCandidates, gatheringTimeoutMs).
  async function createOffer(options = {}) {
    const stream = await setUp(options);
    const transceiver = pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
    preferCodecs(transceiver, options.codecs);
    await pc.setLocalDescription(await pc.createOffer());
    log('offer created');
    return await finishLocalDescription(options);
  }

  // Is called: the page answers an offer (same options), sending its tone on the offered audio m-line.
  async function acceptOffer(sdp, options = {}) {
    const stream = await setUp(options);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
    await transceiver.sender.replaceTrack(stream.getAudioTracks()[0]);
    transceiver.sender.setStreams(stream);
    transceiver.direction = 'sendrecv';
    preferCodecs(transceiver, options.codecs);
    await pc.setLocalDescription(await pc.createAnswer());
    log('answer created');
    return await finishLocalDescription(options);
  }

  // ICE restart on a running call, as after a network change: a new offer with new ICE credentials (same options).
  async function restartIce(options = {}) {
    clearInterval(refresh);
    pc.restartIce();
    await pc.setLocalDescription(await pc.createOffer());
    log('ICE restart offer created');
    return await finishLocalDescription(options);
  }

  async function acceptAnswer(sdp) {
    await pc.setRemoteDescription({ type: 'answer', sdp });
    log('answer accepted');
    return pc.signalingState;
  }

  function states() {
    return {
      connection: pc ? pc.connectionState : 'none',
      ice: pc ? pc.iceConnectionState : 'none',
      signaling: pc ? pc.signalingState : 'none',
    };
  }

  async function waitConnected(timeoutMs = 10000) {
    const deadline = performance.now() + timeoutMs;
    while (pc.connectionState !== 'connected') {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        throw new Error('connection ' + JSON.stringify(states()));
      }

      if (performance.now() > deadline) {
        throw new Error(`not connected after ${timeoutMs} ms: ${JSON.stringify(states())}`);
      }

      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    return states();
  }

  async function stats() {
    const result = { ...states(), inbound: null, outbound: null, remoteInbound: null, remoteOutbound: null, transport: null, pair: null };
    if (!pc) {
      return result;
    }

    const report = await pc.getStats();
    const codecs = {};
    report.forEach((s) => { if (s.type === 'codec') codecs[s.id] = s; });
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        result.inbound = {
          packetsReceived: s.packetsReceived ?? 0,
          bytesReceived: s.bytesReceived ?? 0,
          packetsLost: s.packetsLost ?? 0,
          jitter: s.jitter ?? 0,
          audioLevel: s.audioLevel ?? 0,
          totalAudioEnergy: s.totalAudioEnergy ?? 0,
          totalSamplesReceived: s.totalSamplesReceived ?? 0,
          concealedSamples: s.concealedSamples ?? 0,
          ssrc: s.ssrc,
          codec: codecs[s.codecId] ? codecs[s.codecId].mimeType : null,
        };
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        result.outbound = {
          packetsSent: s.packetsSent ?? 0,
          bytesSent: s.bytesSent ?? 0,
          ssrc: s.ssrc,
          codec: codecs[s.codecId] ? codecs[s.codecId].mimeType : null,
        };
      } else if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') {
        // The peer's receiver reports (RTCP RR/SR report blocks) about what this page sends.
        result.remoteInbound = {
          packetsLost: s.packetsLost ?? 0,
          fractionLost: s.fractionLost ?? 0,
          jitter: s.jitter ?? 0,
          roundTripTime: s.roundTripTime ?? null,
          reportsReceived: s.roundTripTimeMeasurements ?? 0,
        };
      } else if (s.type === 'remote-outbound-rtp' && s.kind === 'audio') {
        // The peer's sender reports (RTCP SR) about what it sends to this page.
        result.remoteOutbound = {
          packetsSent: s.packetsSent ?? 0,
          bytesSent: s.bytesSent ?? 0,
          reportsSent: s.reportsSent ?? 0,
        };
      } else if (s.type === 'transport') {
        result.transport = {
          dtlsState: s.dtlsState,
          dtlsRole: s.dtlsRole,
          iceRole: s.iceRole,
          srtpCipher: s.srtpCipher,
          tlsVersion: s.tlsVersion,
          selectedCandidatePairId: s.selectedCandidatePairId,
        };
      }
    });
    if (result.transport && result.transport.selectedCandidatePairId) {
      const pair = report.get(result.transport.selectedCandidatePairId);
      const local = pair && report.get(pair.localCandidateId);
      const remote = pair && report.get(pair.remoteCandidateId);
      result.pair = pair ? {
        state: pair.state,
        nominated: pair.nominated,
        local: local ? `${local.address}:${local.port} ${local.candidateType}` : null,
        remote: remote ? `${remote.address}:${remote.port} ${remote.candidateType}` : null,
      } : null;
    }

    if (result.inbound) {
      show('packets received', result.inbound.packetsReceived);
      show('audio level', result.inbound.audioLevel);
      show('codec received', result.inbound.codec);
    }

    if (result.outbound) {
      show('packets sent', result.outbound.packetsSent);
      show('codec sent', result.outbound.codec);
    }

    if (result.transport) {
      show('dtls', `${result.transport.dtlsState} (${result.transport.dtlsRole}) ${result.transport.srtpCipher || ''}`);
    }

    if (result.pair) {
      show('pair', `${result.pair.local} -> ${result.pair.remote}`);
    }

    return result;
  }

  // The strongest bin between 50 Hz and 8 kHz, refined by a parabola through its neighbours (in dB).
  function dominantFrequency() {
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    const binHz = context.sampleRate / analyser.fftSize;
    const from = Math.ceil(50 / binHz);
    const to = Math.min(bins.length - 2, Math.floor(8000 / binHz));
    let best = from;
    for (let i = from; i <= to; i++) {
      if (bins[i] > bins[best]) {
        best = i;
      }
    }

    const [a, b, c] = [bins[best - 1], bins[best], bins[best + 1]];
    const denominator = a - 2 * b + c;
    const offset = denominator === 0 || !isFinite(denominator) ? 0 : 0.5 * (a - c) / denominator;
    return { hz: (best + offset) * binHz, db: b };
  }

  function rms() {
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) {
      sum += s * s;
    }

    return Math.sqrt(sum / samples.length);
  }

  // Samples the analyser every 100 ms for durationMs: what a listener hears, as frequencies and levels.
  async function measure(durationMs = 2000) {
    const readings = [];
    const deadline = performance.now() + durationMs;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!analyser) {
        readings.push({ hz: 0, db: -999, rms: 0 });
        continue;
      }

      const { hz, db } = dominantFrequency();
      readings.push({ hz, db: isFinite(db) ? db : -999, rms: rms() });
    }

    const heard = readings.filter((r) => r.rms > 0.001).map((r) => r.hz).sort((x, y) => x - y);
    const median = heard.length ? heard[Math.floor(heard.length / 2)] : 0;
    show('frequency heard (Hz)', median);
    log(`measured ${median.toFixed(1)} Hz over ${readings.length} readings (${heard.length} with sound)`);
    return { medianHz: median, readings };
  }

  function close() {
    clearInterval(refresh);
    if (pc) {
      pc.close();
    }

    if (oscillator) {
      oscillator.stop();
    }

    log('closed');
    return states();
  }

  window.mediaTest = { createOffer, acceptOffer, restartIce, acceptAnswer, waitConnected, stats, measure, close, states, toLoopback };
  log('ready');
})();
