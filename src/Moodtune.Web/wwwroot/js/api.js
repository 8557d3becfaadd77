// Fetch helpers for the Moodtune web API (docs/web-api.md). Errors are RFC 7807 problem details: an ApiError carries
// the server's `detail` (or `title`) so that the page can show it to the user as it is.
import { setServerReachable } from './offline.js';

export class ApiError extends Error {
  constructor(message, { status = 0, title = '', detail = '', problem = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

async function problemOf(response) {
  const type = response.headers.get('content-type') || '';
  let problem = null;
  let text = '';
  try {
    if (type.includes('json')) problem = await response.json();
    else text = (await response.text()).trim();
  } catch {
    // an unreadable body: fall back to the status line
  }
  const title = (problem && problem.title) || response.statusText || 'Request failed';
  const detail = (problem && (problem.detail || problem.error)) || (text.length < 300 ? text : '');
  const message = detail || `${title} (HTTP ${response.status})`;
  return new ApiError(message, { status: response.status, title, detail, problem });
}

/** Sends one request; resolves with parsed JSON (or text, or null for 204) and rejects with an ApiError. */
export async function request(method, url, { json, body, headers = {}, signal, keepalive } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, keepalive };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    setServerReachable(false);
    throw new ApiError("Can't reach the Moodtune server. Check that it is running and try again.", { status: 0 });
  }
  setServerReachable(true);
  // The sign-in ended (accounts mode): account.js asks for it again. Its own forms answer their 401s themselves.
  if (response.status === 401 && !url.startsWith('/api/account')) window.dispatchEvent(new Event('moodtune:unauthorized'));
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** Builds a query string from an object, leaving out null, undefined and empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '') continue;
    q.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A message for the user from any error. */
export function errorMessage(error) {
  if (!error) return 'Something went wrong.';
  if (error instanceof ApiError) return error.message;
  return error.message || String(error);
}

/** Shows an error (or clears it with null) in an element that is an alert region. */
export function showError(element, error) {
  if (!element) return;
  element.textContent = error ? errorMessage(error) : '';
}

export const api = {
  config() {
    return request('GET', '/api/config');
  },
  account() {
    return request('GET', '/api/account');
  },
  register(email, password) {
    return request('POST', '/api/account/register', { json: { email, password } });
  },
  login(email, password) {
    return request('POST', '/api/account/login', { json: { email, password } });
  },
  logout() {
    return request('POST', '/api/account/logout');
  },
  changePassword(currentPassword, newPassword) {
    return request('POST', '/api/account/password', { json: { current_password: currentPassword, new_password: newPassword } });
  },
  deleteAccount() {
    return request('DELETE', '/api/account');
  },
  analyze(file, { record = true } = {}) {
    const form = new FormData();
    form.append('image', file, file.name || 'photo.jpg');
    return request('POST', `/api/analyze${record ? '' : '?record=false'}`, { body: form });
  },
  mood(emotion, source = 'picker') {
    return request('POST', '/api/mood', { json: { emotion, source } });
  },
  recommendations({ emotion, camera, strategy, lang, count } = {}, signal) {
    return request('GET', `/api/recommendations${query({ emotion, camera, strategy, lang, count })}`, { signal });
  },
  feedback(songId, feedback) {
    return request('POST', '/api/feedback', { json: { song_id: songId, feedback } });
  },
  plays(songId, event, errorCode) {
    const json = { song_id: songId, event };
    if (errorCode !== undefined && errorCode !== null) json.error_code = errorCode;
    return request('POST', '/api/plays', { json, keepalive: true });
  },
  history(params) {
    return request('GET', `/api/history${query(params)}`);
  },
  deleteHistory() {
    return request('DELETE', '/api/history');
  },
  youtube() {
    return request('GET', '/api/youtube');
  },
  /** setupCode: single mode's; left out (undefined) in accounts mode, where the server asks none. */
  connectYouTube(apiKey, setupCode) {
    return request('POST', '/api/youtube', { json: { api_key: apiKey, setup_code: setupCode } });
  },
  disconnectYouTube(setupCode) {
    return request('DELETE', '/api/youtube', { json: { setup_code: setupCode } });
  },
  lookups(songIds) {
    return request('POST', '/api/youtube/lookups', { json: { song_ids: songIds } });
  },
  setVideo(songId, link) {
    return request('PUT', `/api/catalog/songs/${encodeURIComponent(songId)}/video`, { json: { link } });
  },
  catalog(params, signal) {
    return request('GET', `/api/catalog${query(params)}`, { signal });
  },
};
