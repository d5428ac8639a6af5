// The dashboard's Now page: log in with an API token (kept in this tab's session storage), show the engine
// as GET /api/v1/status answers it, follow the SSE stream for live updates, and send the controls the
// token's scope allows, each after a confirmation. Plain ES modules, no build step: served by the daemon.

const API = '/api/v1';
const TOKEN_KEY = 'scalper.token';
const $ = (id) => document.getElementById(id);

let token = sessionStorage.getItem(TOKEN_KEY);
let allowed = new Set();
let stream = null;
let refreshTimer = null;

/** One call to the API: { status, mode, data, error }; never throws on an HTTP error. */
async function api(method, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, mode: json.mode, data: json.data, error: json.error };
}

function show(section) {
  for (const id of ['login', 'now']) $(id).hidden = id !== section;
  $('logout').hidden = section === 'login';
}

async function login(candidate) {
  token = candidate;
  const who = await api('GET', '/whoami');
  if (who.status !== 200) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('login-error').textContent = who.status === 401 ? 'That token is not valid (or was revoked).' : `The daemon answered ${who.status}: ${who.error?.message ?? ''}`;
    show('login');
    $('token').focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  allowed = new Set(who.data.allowed);
  $('who').textContent = `Logged in as ${who.data.name} (${who.data.scope}).`;
  // The controls this scope may not use are not shown at all.
  for (const b of document.querySelectorAll('#controls button')) b.hidden = !allowed.has(b.dataset.op);
  show('now');
  await refresh();
  follow();
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => void refresh(), 2000);
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  token = null;
  stream?.abort();
  clearInterval(refreshTimer);
  $('token').value = '';
  show('login');
  $('token').focus();
}

const rupees = (x) => (x === null || x === undefined ? '—' : `₹${x}`);
const time = (ts) => (ts === null ? '—' : new Date(ts).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');

function setMode(mode) {
  const banner = $('mode-banner');
  const m = mode ?? 'unknown';
  banner.className = `mode mode-${m}`;
  banner.textContent = m === 'live' ? 'LIVE — real money' : m === 'analyzer' ? 'ANALYZER (OpenAlgo sandbox)' : m === 'paper' ? 'PAPER' : '—';
}

async function refresh() {
  if (token === null) return;
  const r = await api('GET', '/status');
  if (r.status === 401) return logout();
  if (r.status !== 200) return;
  const s = r.data;
  setMode(s.mode ?? r.mode);
  $('state').textContent = s.state;
  $('trading-state').textContent = s.pausedReason === null ? (s.tradingState ?? '—') : `${s.tradingState} — ${s.pausedReason}`;
  $('heartbeat').textContent = s.heartbeatAgeMs === null ? '—' : `${(s.heartbeatAgeMs / 1000).toFixed(1)} s ago`;
  const c = s.feed?.connection;
  $('feed').textContent = s.feed === null ? '—' : `${s.feed.underlying} (${s.feed.kind}, ${s.feed.speed})${c ? ` ${c.state}${c.reconnects > 0 ? `, ${c.reconnects} reconnects` : ''}` : ''}`;
  $('sim-time').textContent = time(s.simTime);
  $('arming').textContent = s.liveArming === null ? '—' : s.liveArming.armed ? `ARMED until ${time(s.liveArming.untilTs)}` : 'not armed';
  $('realised').textContent = rupees(s.today.realisedNet);
  $('net-open').textContent = rupees(s.today.netIncludingOpen);
  $('trades').textContent = String(s.today.trades);
  $('headroom').textContent = rupees(s.risk?.dailyLossHeadroom);
  const p = s.position;
  $('position').textContent = p === null ? 'flat' : `${p.symbol} ${p.side} ${p.qty} @ ₹${p.avgEntry}, stop ₹${p.stop} (${p.stage}), open ₹${p.unrealisedNet}${p.exitStuck ? ` — EXIT STUCK after ${p.exitAttempts} rejections` : ''}`;
  const alarms = $('alarms');
  alarms.replaceChildren(
    ...(s.alarms.length === 0
      ? [Object.assign(document.createElement('li'), { textContent: 'none' })]
      : s.alarms.map((a) => Object.assign(document.createElement('li'), { className: 'alarm', textContent: `${a.kind}: ${a.message}` }))),
  );
}

function addEvent(type, data) {
  const li = document.createElement('li');
  const what = data.tradeId ? ` ${data.tradeId}` : data.state ? ` ${data.state}` : '';
  li.textContent = `${new Date().toLocaleTimeString()} ${type}${what}${data.netPnl !== undefined ? ` net ₹${data.netPnl}` : ''}`;
  const list = $('events');
  list.prepend(li);
  while (list.children.length > 200) list.lastElementChild.remove();
}

/** The SSE stream, read with fetch (EventSource cannot send the token); reconnects after a drop. */
async function follow() {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  try {
    const res = await fetch(`${API}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type === undefined || data === undefined) continue;
        addEvent(type, JSON.parse(data));
        if (!type.startsWith('job.')) void refresh();
      }
    }
  } catch {
    // Aborted (log out) or dropped: a drop is followed again below.
  }
  if (stream === controller && token !== null) setTimeout(() => void follow(), 2000);
}

/** Asks the trader; resolves true on Confirm. */
function confirmStep(text) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    $('confirm-ok').focus();
  });
}

async function control(action) {
  const out = $('control-result');
  let body = {};
  let question;
  if (action === 'stop') {
    // The preview says what the stop would do now and, in live, gives its confirmation token.
    const preview = await api('POST', '/engine/preview', { action: 'stop', flatten: false });
    if (preview.status !== 200) return void (out.textContent = preview.error?.message ?? `preview failed (${preview.status})`);
    question = `Stop the engine? ${preview.data.effect}`;
    body = preview.data.confirmationToken === null ? {} : { confirmationToken: preview.data.confirmationToken };
  } else if (action === 'pause') {
    question = 'Pause new entries? Open positions keep their exits.';
    body = { reason: 'paused from the dashboard' };
  } else if (action === 'resume') {
    question = 'Resume entries?';
  } else {
    question = 'Kill switch: flatten the open position and halt until the trader resumes?';
  }
  if (!(await confirmStep(question))) return void (out.textContent = `${action}: cancelled`);
  const r = await api('POST', `/engine/${action}`, body);
  out.textContent = r.status === 200 ? `${action}: engine ${r.data.state}` : `${action} refused: ${r.error?.message ?? r.status}`;
  await refresh();
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  void login($('token').value.trim());
});
$('logout').addEventListener('click', logout);
for (const b of document.querySelectorAll('#controls button')) b.addEventListener('click', () => void control(b.dataset.action));

if (token === null) {
  show('login');
  $('token').focus();
} else {
  void login(token);
}
