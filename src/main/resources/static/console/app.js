// The console: a hash router over three views (sign-in, jobs, one job), each refreshed every two
// seconds while visible, so checkpoints appear as they complete without a reload.
import { ApiError, get, signIn, signOut, token } from './api.js';
import { fill, h } from './dom.js';
import { jobsView } from './jobs.js';
import { jobView } from './job.js';

const REFRESH_MS = 2000;
const app = document.getElementById('app');
const who = document.getElementById('who');
let caller = null;
let current = null;
let timer = null;

async function route() {
  clearInterval(timer);
  if (!token()) return showSignIn();
  if (!caller) {
    try {
      caller = await get('/me');
    } catch (error) {
      signOut();
      return showSignIn(error instanceof ApiError && error.status === 401 ? 'That token was not accepted.' : error.message);
    }
  }
  fill(who, 
    h('span', { class: 'caller', 'data-role': caller.role }, `${caller.name} · ${caller.role}`),
    h('button', { type: 'button', class: 'link', onclick: () => { signOut(); caller = null; route(); } }, 'Sign out'));
  const path = location.hash.replace(/^#/, '') || '/';
  const job = /^\/jobs\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  current = job ? jobView(decodeURIComponent(job[1]), job[2] || 'overview', caller) : jobsView(caller);
  fill(app, current.root);
  await refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

async function refresh() {
  if (document.hidden || !current) return;
  try {
    await current.refresh();
    app.classList.remove('stale');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      caller = null;
      return route();
    }
    app.classList.add('stale');
    current.failed?.(error);
  }
}

function showSignIn(message) {
  fill(who);
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  fill(app, h('form', {
    class: 'sign-in',
    onsubmit: (event) => {
      event.preventDefault();
      signIn(input.value);
      route();
    },
  },
  h('h1', {}, 'Sign in'),
  h('label', { for: 'token' }, 'API token or JWT'),
  input,
  h('p', { id: 'token-help', class: 'hint' },
    'Kept for this browser session only. The embedded run writes an ADMIN token to ./data/admin-token.'),
  message && h('p', { class: 'error', role: 'alert' }, message),
  h('button', { type: 'submit' }, 'Sign in')));
  input.focus();
}

window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', refresh);
route();
