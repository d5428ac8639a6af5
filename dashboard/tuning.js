// The Tuning page: proposals with their diff, rationale (untrusted text, shown as text), gate result and
// the trader's steps (approve, apply, reject, each confirmed; in live, apply takes its confirmation
// token first), and the parameter versions with rollback.
import { $, api, confirmStep, el, session, table, time } from './shell.js';

const diffText = (diff) => Object.entries(diff).map(([k, v]) => `${k} ${JSON.stringify(v.from ?? v[0])} → ${JSON.stringify(v.to ?? v[1])}`).join(', ');

function rationale(r) {
  const node = el('span');
  if (r.untrusted) node.append(el('strong', 'untrusted: '));
  node.append(el('q', r.text));
  return node;
}

function gateText(p) {
  const g = p.gate;
  if (p.status === 'gating') return 'gate running';
  if (g === null) return p.reason ?? '—';
  const interval = g.interval === undefined ? '' : ` interval ${JSON.stringify(g.interval)}`;
  return `${p.status === 'gate_failed' ? 'failed' : 'passed'}: ${p.reason ?? ''}${interval}`;
}

async function step(p, action) {
  const out = $('tuning-result');
  if (!(await confirmStep(`${action} proposal #${p.id} (${diffText(p.diff)})?`))) return void (out.textContent = `${action} #${p.id}: cancelled`);
  let body = {};
  if (action === 'apply' && session.mode === 'live') {
    // Live: a single-use confirmation token for this proposal first.
    const c = await api('POST', `/proposals/${p.id}/confirm`, {});
    if (c.status !== 200) return void (out.textContent = `confirm refused: ${c.error?.message ?? c.status}`);
    body = { confirmationToken: c.data.confirmationToken };
  }
  const r = await api('POST', `/proposals/${p.id}/${action}`, body);
  out.textContent = r.status === 200 ? `${action} #${p.id}: done` : `${action} #${p.id} refused: ${r.error?.message ?? r.status}`;
  await enter();
}

async function rollback(v) {
  const out = $('tuning-result');
  if (!(await confirmStep(`Put version ${v.id} in force again?`))) return void (out.textContent = 'rollback: cancelled');
  let body = { version: v.id };
  if (session.mode === 'live') {
    const c = await api('POST', `/config/versions/${v.id}/confirm-rollback`, {});
    if (c.status !== 200) return void (out.textContent = `confirm refused: ${c.error?.message ?? c.status}`);
    body = { ...body, confirmationToken: c.data.confirmationToken };
  }
  const r = await api('POST', '/config/rollback', body);
  out.textContent = r.status === 200 ? `rollback: ${r.data.version.id} in force` : `rollback refused: ${r.error?.message ?? r.status}`;
  await enter();
}

function button(label, op, onClick) {
  if (!session.allowed.has(op)) return null;
  const b = el('button', label, { type: 'button' });
  b.addEventListener('click', () => void onClick());
  return b;
}

export async function enter() {
  const out = $('tuning-body');
  const [proposals, versions] = await Promise.all([api('GET', '/proposals?limit=50'), api('GET', '/config/versions?limit=20')]);
  out.replaceChildren();
  if (proposals.status !== 200) return void out.append(el('p', proposals.error?.message ?? `proposals: ${proposals.status}`, { class: 'error' }));
  const rows = proposals.data.proposals.map((p) => {
    const actions = el('span', null, { class: 'row-actions' });
    if (p.status === 'gate_passed') actions.append(...[button('Approve', 'proposals.approve', () => step(p, 'approve'))].filter(Boolean));
    if (p.status === 'approved') actions.append(...[button('Apply', 'proposals.apply', () => step(p, 'apply'))].filter(Boolean));
    if (!['applied', 'rejected', 'rolled_back'].includes(p.status)) actions.append(...[button('Reject', 'proposals.reject', () => step(p, 'reject'))].filter(Boolean));
    return [`#${p.id}`, `${p.source} (${p.author})`, diffText(p.diff), rationale(p.rationale), p.status, gateText(p), actions];
  });
  out.append(table('Proposals', ['id', 'from', 'change', 'rationale', 'status', 'gate', 'steps'], rows));
  if (versions.status === 200) {
    const inForce = versions.data.inForce;
    out.append(
      table(
        'Parameter versions',
        ['version', 'made by', 'why', 'change', 'made', ''],
        versions.data.versions.map((v) => [
          v.id === inForce ? `${v.id} (in force)` : v.id,
          v.source,
          rationale(v.why),
          diffText(v.diff) || '—',
          time(v.createdTs),
          v.id === inForce ? '' : (button('Roll back to this', 'params.rollback', () => rollback(v)) ?? ''),
        ]),
      ),
    );
  }
}

export function leave() {}

export function setUp() {}
