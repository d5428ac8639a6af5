// The Now page: the engine as GET /api/v1/status answers it, refreshed on every SSE event and every 2 s,
// and the controls the token's scope allows, each after a confirmation.
import { $, api, confirmStep, rupees, session, time } from './shell.js';

let stream = null;
let timer = null;
let onModeChange = () => undefined;

export function setModeListener(f) {
  onModeChange = f;
}

export async function refresh() {
  if (session.token === null) return;
  const r = await api('GET', '/status');
  if (r.status !== 200) return;
  const s = r.data;
  onModeChange(s.mode ?? r.mode);
  $('state').textContent = s.state;
  $('trading-state').textContent = s.pausedReason === null ? (s.tradingState ?? '—') : `${s.tradingState} — ${s.pausedReason}`;
  $('heartbeat').textContent = s.heartbeatAgeMs === null ? '—' : `${(s.heartbeatAgeMs / 1000).toFixed(1)} s ago`;
  const c = s.feed?.connection;
  $('feed').textContent = s.feed === null ? '—' : `${s.feed.underlying} (${s.feed.kind}, ${s.feed.speed})${c ? ` ${c.state}${c.reconnects > 0 ? `, ${c.reconnects} reconnects` : ''}` : ''}`;
  $('sim-time').textContent = time(s.simTime);
  $('arming').textContent = s.liveArming === null ? '—' : s.liveArming.armed ? `ARMED until ${time(s.liveArming.untilTs)}` : 'not armed';
  const q = s.research;
  $('research-backend').textContent =
    q === null
      ? '—'
      : q.backend === 'local'
        ? `local, ${q.workers} worker thread(s), ${q.jobsRunning} running, ${q.jobsQueued} queued`
        : `${q.url}: ${q.reachable ? `${q.workers} worker(s), ${q.waiting} waiting, ${q.active} running${q.failed > 0 ? `, ${q.failed} failed` : ''}` : 'NOT REACHABLE'}`;
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

/** The SSE stream, read with fetch (EventSource cannot send the token); followed again after a drop. */
async function follow() {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  try {
    const res = await fetch('/api/v1/events', { headers: { authorization: `Bearer ${session.token}` }, signal: controller.signal });
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
  if (stream === controller && session.token !== null) setTimeout(() => void follow(), 2000);
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

export function setUp() {
  for (const b of document.querySelectorAll('#controls button')) b.addEventListener('click', () => void control(b.dataset.action));
}

/** Starts following the engine (once logged in); the stream runs whatever page is shown, so alarms reach the banner. */
export function start() {
  // The controls this scope may not use are not shown at all.
  for (const b of document.querySelectorAll('#controls button')) b.hidden = !session.allowed.has(b.dataset.op);
  void refresh();
  void follow();
  clearInterval(timer);
  timer = setInterval(() => void refresh(), 2000);
}

export function stop() {
  stream?.abort();
  stream = null;
  clearInterval(timer);
}
