// Turns what went wrong (HTTP problems, SIP status codes, browser errors) into sentences a person understands.
// Every function returns { code, text }: code is stable (tests and styles key on it), text is for people.

/** A failed GET /credential (RFC 9457 problem body when the server sent one). */
export function credentialProblem(status, problem) {
  const reason = problem && problem.reason;
  if (status === 0) {
    return { code: 'credential-unreachable', text: 'The credential service cannot be reached. Check your connection and try again.' };
  }
  if (status === 429) {
    return { code: 'credential-rate-limited', text: 'Too many sign-in attempts. Wait a minute and try again.' };
  }
  if (status === 503) {
    return { code: 'credential-provider-unavailable', text: 'The sign-in provider cannot be reached right now. Try again in a moment.' };
  }
  if (reason === 'expired-token') {
    return { code: 'sign-in-expired', text: 'Your sign-in has expired. Sign in again.' };
  }
  if (reason === 'wrong-audience') {
    return { code: 'sign-in-refused', text: 'This sign-in was made for another application. Sign in again here.' };
  }
  if (status === 401 || status === 403) {
    const why = problem && problem.title ? ` (${problem.title})` : '';
    return { code: 'sign-in-refused', text: `The credential service did not accept your sign-in${why}.` };
  }
  return { code: 'credential-failed', text: `The credential service answered ${status}. Try again later.` };
}

/** A REGISTER that ended without a 2xx. */
export function registrationProblem(statusCode, credentialExpired) {
  if (credentialExpired) {
    return expiredCredential();
  }
  if (statusCode === 401 || statusCode === 403 || statusCode === 407) {
    return {
      code: 'registration-refused',
      text: `Registration refused (${statusCode}): the SIP server did not accept your credential. ` +
        'It may have been issued for another server, or the servers do not share the same secret.',
    };
  }
  if (statusCode === 408 || statusCode === 503 || statusCode === 504) {
    return { code: 'registration-unavailable', text: `The SIP server is not answering (${statusCode}). Try again in a moment.` };
  }
  return { code: 'registration-failed', text: `Registration failed: the SIP server answered ${statusCode}.` };
}

export function expiredCredential() {
  return { code: 'credential-expired', text: 'Your credential has expired. Sign in again to get a new one.' };
}

export function serverUnreachable(server) {
  return { code: 'server-unreachable', text: `The SIP server at ${server} cannot be reached. Is it running, and is the address right?` };
}

export function connectionLost() {
  return { code: 'connection-lost', text: 'The connection to the SIP server was lost. Register again when it is back.' };
}

/** A call that ended without being answered, by the final response the other side (or a server) gave. */
export function callRejected(statusCode, reasonPhrase) {
  switch (statusCode) {
    case 486:
    case 600:
      return { code: 'callee-busy', text: 'The person you called is busy.' };
    case 603:
      return { code: 'callee-declined', text: 'The person you called declined the call.' };
    case 404:
    case 604:
      return { code: 'callee-unknown', text: 'Nobody is known at that address.' };
    case 480:
      return { code: 'callee-unavailable', text: 'The person you called is not available right now.' };
    case 408:
      return { code: 'no-answer', text: 'Nobody answered.' };
    case 487:
      return { code: 'call-cancelled', text: 'The call was cancelled.' };
    case 401:
    case 403:
    case 407:
      return { code: 'call-forbidden', text: `The SIP server does not let you call that address (${statusCode}).` };
    case 488:
    case 606:
      return { code: 'media-incompatible', text: 'The other side cannot accept this call\'s audio.' };
    case 501:
      return { code: 'call-not-supported', text: 'The SIP server does not place calls (501 Not Implemented).' };
    default:
      return { code: 'call-failed', text: `The call failed: ${statusCode} ${reasonPhrase || ''}`.trim() + '.' };
  }
}

/** An exception from getUserMedia or WebRTC while placing or answering a call. */
export function mediaProblem(error) {
  const name = error && error.name;
  const message = String(error && error.message || error);
  if (name === 'NotAllowedError' || name === 'SecurityError' || /permission denied|not allowed/i.test(message)) {
    return {
      code: 'microphone-refused',
      text: 'Microphone access was refused. Allow this page to use the microphone (the icon in the address bar) and try again.',
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /requested device not found/i.test(message)) {
    return { code: 'microphone-missing', text: 'No microphone was found. Connect one and try again.' };
  }
  if (name === 'NotReadableError') {
    return { code: 'microphone-busy', text: 'The microphone is in use by another application.' };
  }
  return { code: 'media-failed', text: `The call could not start its audio: ${message}` };
}

export function badTarget(text) {
  return { code: 'bad-address', text: `"${text}" is not a SIP address. Use sip:user@domain or a user name.` };
}
