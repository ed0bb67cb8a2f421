// Sign-in and the credential: an identity token (development issuer or Google Identity Services), then
// GET /credential as the original reTHINK client did, which answers
// { username, password, ttl, uris, sipUri, authorizationUser, realm, expires, iceServers? }.
import { credentialProblem } from './messages.js';

/** An error whose `problem` ({ code, text }) the page shows as it is. */
export class ProblemError extends Error {
  constructor(problem) {
    super(problem.text);
    this.problem = problem;
  }
}

export async function loadConfig() {
  const response = await fetch('/client-config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`GET /client-config.json answered ${response.status}`);
  }
  return response.json();
}

/** An ID token from the development issuer (GET /dev/token?email=...). */
export async function developmentToken(email) {
  let response;
  try {
    response = await fetch(`/dev/token?email=${encodeURIComponent(email)}`, { cache: 'no-store' });
  } catch {
    throw new ProblemError(credentialProblem(0));
  }
  if (!response.ok) {
    throw new ProblemError({ code: 'sign-in-refused', text: `The development issuer refused "${email}" (${response.status}).` });
  }
  const body = await response.json();
  return { token: body.id_token, email: emailOf(body.id_token) || email };
}

/** The e-mail claim of an ID token (the page only displays it; the server verifies the token). */
export function emailOf(idToken) {
  try {
    const payload = idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).email || null;
  } catch {
    return null;
  }
}

let googleScript;
function loadGoogleScript() {
  googleScript ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://accounts.google.com/gsi/client';
    script.async = true;
    script.onload = resolve;
    script.onerror = () => reject(new ProblemError({ code: 'google-unavailable', text: 'Google sign-in could not be loaded.' }));
    document.head.append(script);
  });
  return googleScript;
}

/**
 * Google Identity Services. ID tokens (the default): renders the "Sign in with Google" button into `container`.
 * Access tokens (TokenType AccessToken, what the original client sent): a button that opens Google's token client.
 * Calls onToken({ token, email }) after each sign-in.
 */
export async function setUpGoogle(config, container, tokenButton, onToken, onError) {
  await loadGoogleScript();
  const google = window.google;
  if (config.tokenType === 'AccessToken') {
    const client = google.accounts.oauth2.initTokenClient({
      client_id: config.googleClientId,
      scope: 'openid email',
      callback: (response) => response.error
        ? onError(new ProblemError({ code: 'sign-in-refused', text: `Google sign-in failed: ${response.error}.` }))
        : onToken({ token: response.access_token, email: null }),
    });
    tokenButton.hidden = false;
    tokenButton.addEventListener('click', () => client.requestAccessToken());
    return;
  }
  google.accounts.id.initialize({
    client_id: config.googleClientId,
    callback: (response) => onToken({ token: response.credential, email: emailOf(response.credential) }),
  });
  google.accounts.id.renderButton(container, { theme: 'outline', size: 'large', text: 'signin_with' });
}

/**
 * GET /credential with the token. The original client sent "Authorization: Bearer: <token>" (a colon after the
 * scheme); the wire-compatible mode does the same, the standard mode sends RFC 6750's "Bearer <token>".
 */
export async function fetchCredential(url, token, wireCompatible) {
  let response;
  try {
    response = await fetch(url, {
      headers: { Authorization: (wireCompatible ? 'Bearer: ' : 'Bearer ') + token },
      cache: 'no-store',
    });
  } catch {
    throw new ProblemError(credentialProblem(0));
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // An empty or non-JSON body (the original service sent an empty 401).
    }
    throw new ProblemError(credentialProblem(response.status, problem));
  }
  const credential = await response.json();
  // The original service had no "expires": its username starts with the expiry (Unix seconds).
  const expiresMs = credential.expires ? Date.parse(credential.expires) : Number(credential.username.split(':')[0]) * 1000;
  return { ...credential, expiresMs };
}
