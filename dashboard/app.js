// The dashboard's shell: log in with an API token (kept in this tab's session storage), learn what its
// scope may do, and show one page at a time (#now, #analytics, #tuning, #research). Plain ES modules, no build step.
import * as analytics from './analytics.js';
import * as now from './now.js';
import * as research from './research.js';
import { $, api, session, TOKEN_KEY } from './shell.js';
import * as tuning from './tuning.js';

const PAGES = { now, analytics, tuning, research };
let current = null;

function setMode(mode) {
  const banner = $('mode-banner');
  const m = mode ?? 'unknown';
  banner.className = `mode mode-${m}`;
  banner.textContent = m === 'live' ? 'LIVE — real money' : m === 'analyzer' ? 'ANALYZER (OpenAlgo sandbox)' : m === 'paper' ? 'PAPER' : '—';
}

function showLogin() {
  for (const id of ['login', ...Object.keys(PAGES)]) $(id).hidden = id !== 'login';
  $('logout').hidden = true;
  $('pages').hidden = true;
  $('token').focus();
}

/** Shows the page the address names (#now by default). */
function route() {
  if (session.token === null) return;
  const name = Object.hasOwn(PAGES, location.hash.slice(1)) ? location.hash.slice(1) : 'now';
  for (const id of ['login', ...Object.keys(PAGES)]) $(id).hidden = id !== name;
  for (const a of document.querySelectorAll('#pages a')) {
    if (a.getAttribute('href') === `#${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current !== null && current !== PAGES[name]) current.leave?.();
  current = PAGES[name];
  if (name !== 'now') void current.enter();
}

async function login(candidate) {
  session.token = candidate;
  const who = await api('GET', '/whoami');
  if (who.status !== 200) {
    session.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('login-error').textContent = who.status === 401 ? 'That token is not valid (or was revoked).' : `The daemon answered ${who.status}: ${who.error?.message ?? ''}`;
    showLogin();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, session.token);
  session.allowed = new Set(who.data.allowed);
  session.scope = who.data.scope;
  $('who').textContent = `Logged in as ${who.data.name} (${who.data.scope}).`;
  // Pages whose reads this scope may not make are not offered.
  $('nav-analytics').hidden = !session.allowed.has('analytics.get');
  $('nav-tuning').hidden = !session.allowed.has('proposals.list');
  $('nav-research').hidden = !session.allowed.has('jobs.list');
  $('logout').hidden = false;
  $('pages').hidden = false;
  now.start();
  route();
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  session.token = null;
  now.stop();
  current?.leave?.();
  current = null;
  $('token').value = '';
  showLogin();
}

now.setModeListener(setMode);
for (const page of Object.values(PAGES)) page.setUp();
$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  void login($('token').value.trim());
});
$('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);

if (session.token === null) showLogin();
else void login(session.token);
