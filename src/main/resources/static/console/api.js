// The REST API with the signed-in user's token. The token lives in sessionStorage: gone when the
// browser session ends, never sent anywhere but this Cairn.
const TOKEN = 'cairn.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

export async function call(method, path, body, contentType = 'application/json') {
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(`api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json || {});
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);
export const patch = (path, body) => call('PATCH', path, body, 'application/merge-patch+json');

export const enc = encodeURIComponent;
