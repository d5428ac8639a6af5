// The Research page: backtest jobs on the simulator (submit, progress, cancel, results with their equity
// curve), the comparison of two of them (a seeded bootstrap of the difference in net P&L per trade), grid
// and random sweeps over a dataset with their best combinations, walk-forwards with their windows and
// out-of-sample figures, the experiment queue with its leaderboard and meta-analysis, and a form to
// submit an idea. Hypotheses written by agents are untrusted text, shown as text.
import { AreaSeries, createChart } from './vendor/lightweight-charts.mjs';
import { $, api, confirmStep, el, rupees, session, table, time } from './shell.js';

let timer = null;
let chart = null;
/** Done backtests chosen for a comparison, in the order chosen: the first is A (the baseline). */
const chosen = [];

function button(label, op, onClick) {
  if (!session.allowed.has(op)) return '';
  const b = el('button', label, { type: 'button' });
  b.addEventListener('click', () => void onClick());
  return b;
}

function progress(job) {
  const p = el('progress', null, { max: '1', value: String(job.progress.fraction), 'aria-label': `job ${job.id} progress` });
  const box = el('span');
  box.append(p, el('span', ` ${Math.round(job.progress.fraction * 100)}% ${job.progress.message}`));
  return box;
}

async function showResult(job) {
  const out = $('research-result');
  const r = await api('GET', `/jobs/${job.id}`);
  chart?.remove();
  chart = null;
  out.replaceChildren();
  if (r.status !== 200 || r.data.result === null) return void out.append(el('p', r.error?.message ?? 'no result yet'));
  const res = r.data.result;
  if (job.kind === 'sweep') {
    // Sweep money is in paise, as `scalper sweep --json` gives it.
    const best = [...res.results].sort((x, y) => y.netPnl - x.netPnl).slice(0, 10);
    out.append(
      table(`Sweep ${job.id}: ${res.total} combinations on ${res.dataset}, best first`, ['overrides', 'trades', 'net P&L', 'win rate', 'profit factor', 'max drawdown'], best.map((c) => [JSON.stringify(c.overrides), c.trades, rupees(c.netPnl / 100), `${Math.round(c.winRate * 100)}%`, c.profitFactor === null ? '—' : c.profitFactor.toFixed(2), rupees(c.maxDrawdown / 100)])),
    );
    return;
  }
  if (job.kind === 'walk-forward') {
    // Walk-forward money is in rupees, as decimal text.
    const o = res.outOfSample;
    const span = (d) => (d.length === 0 ? '—' : d.length === 1 ? d[0] : `${d[0]} … ${d.at(-1)}`);
    out.append(
      table(`Walk-forward ${job.id}: ${res.windows.length} windows of ${res.trainDays} train and ${res.testDays} test dates on ${res.dataset}, by ${res.objective}`, ['out-of-sample dates', 'trades', 'net P&L', 'net per date', 'win rate', 'max drawdown', 'efficiency'], [
        [o.days, o.trades, rupees(o.netPnl), rupees(o.netPnlPerDay), `${Math.round(o.winRate * 100)}%`, rupees(o.maxDrawdown), res.efficiency === null ? '—' : res.efficiency.toFixed(2)],
      ]),
      table(
        'Windows: the combination chosen on the train dates, and how it did on the test dates',
        ['window', 'train', 'test', 'chosen', 'net in sample', 'net out of sample', 'trades out of sample'],
        res.windows.map((w) => [w.index + 1, span(w.trainDates), span(w.testDates), w.chosen === null ? 'none qualified' : JSON.stringify(w.chosen.overrides), rupees(w.inSample?.netPnl), rupees(w.outOfSample?.netPnl), w.outOfSample?.trades ?? 0]),
      ),
    );
    return;
  }
  if (job.kind === 'compare') {
    out.append(
      table(`Comparison ${job.id}: B against A`, ['A (baseline)', 'B', 'net per trade A', 'net per trade B', 'B − A', 'interval', 'verdict'], [
        [res.a.job ?? res.a.runKey ?? 'A', res.b.job ?? res.b.runKey ?? 'B', rupees(res.meanA), rupees(res.meanB), rupees(res.difference), `${rupees(res.ci.low)} … ${rupees(res.ci.high)} (${Math.round(res.confidence * 100)}%)`, res.verdict],
      ]),
    );
    return;
  }
  const m = res.metrics ?? {};
  out.append(
    table(`Backtest ${job.id}: ${res.preset ?? ''} ${res.dates ? `${res.dates[0]} … ${res.dates.at(-1)}` : ''}`, ['trades', 'win rate', 'net P&L', 'charges', 'max drawdown'], [
      [m.trades, m.winRate === undefined ? '—' : `${Math.round(m.winRate * 100)}%`, rupees(m.netPnl), rupees(m.charges), rupees(m.maxDrawdown)],
    ]),
  );
  const trades = res.trades ?? [];
  if (trades.length === 0) return;
  const box = el('div', null, { class: 'chart', role: 'img', 'aria-label': `equity of backtest ${job.id} over ${trades.length} trades` });
  out.append(el('h4', 'Equity (net, ₹)'), box);
  chart = createChart(box, { height: 240, autoSize: true, timeScale: { timeVisible: true } });
  let total = 0;
  let last = -Infinity;
  const data = trades.map((t) => {
    total += t.netPnl;
    last = Math.max(Math.floor(t.exitTs / 1000), last + 1);
    return { time: last, value: Math.round(total * 100) / 100 };
  });
  chart.addSeries(AreaSeries, { lineColor: '#1565c0', topColor: '#1565c044', bottomColor: '#1565c011' }).setData(data);
  chart.timeScale().fitContent();
}

async function listJobs() {
  const r = await api('GET', '/jobs?limit=20');
  const box = $('research-jobs');
  if (r.status !== 200) return void box.replaceChildren(el('p', r.error?.message ?? `jobs: ${r.status}`, { class: 'error' }));
  box.replaceChildren(
    table(
      'Jobs',
      ['compare', 'job', 'kind', 'state', 'progress', 'by', 'submitted', ''],
      r.data.items.map((j) => {
        const actions = el('span', null, { class: 'row-actions' });
        if (j.state === 'done' && ['backtest', 'compare', 'sweep', 'walk-forward'].includes(j.kind)) actions.append(button('Result', 'jobs.get', () => showResult(j)));
        let pick = '';
        if (j.state === 'done' && j.kind === 'backtest') {
          pick = el('input', null, { type: 'checkbox', 'aria-label': `compare job ${j.id}` });
          pick.checked = chosen.includes(j.id);
          pick.addEventListener('change', () => {
            const at = chosen.indexOf(j.id);
            if (pick.checked && at < 0) chosen.push(j.id);
            if (!pick.checked && at >= 0) chosen.splice(at, 1);
            while (chosen.length > 2) chosen.shift();
            void listJobs();
          });
        }
        if (j.state === 'queued' || j.state === 'running') {
          actions.append(
            button('Cancel', 'jobs.cancel', async () => {
              if (await confirmStep(`Cancel job ${j.id}?`)) await api('POST', `/jobs/${j.id}/cancel`, {});
              await listJobs();
            }),
          );
        }
        return [pick, j.id, j.kind, j.state, progress(j), j.submittedBy, time(j.createdTs), actions];
      }),
    ),
  );
  $('compare').disabled = chosen.length !== 2;
  $('compare').textContent = chosen.length === 2 ? `Compare B ${chosen[1]} against A ${chosen[0]}` : 'Compare two backtests (tick two done ones)';
}

async function compare() {
  const out = $('research-message');
  const r = await api('POST', '/backtests/compare', { a: { job: chosen[0] }, b: { job: chosen[1] } });
  out.textContent = r.status === 202 || r.status === 200 ? `compare job ${r.data.id} ${r.data.state}` : `comparison refused: ${r.error?.message ?? r.status}`;
  await listJobs();
}

async function listExperiments() {
  const [list, board] = await Promise.all([api('GET', '/experiments'), api('GET', '/experiments-leaderboard?limit=10')]);
  const box = $('research-experiments');
  box.replaceChildren();
  if (list.status !== 200) return void box.append(el('p', list.error?.message ?? `experiments: ${list.status}`, { class: 'error' }));
  const hypothesis = (h) => {
    const n = el('span');
    n.append(el('strong', 'untrusted: '), el('q', h.text));
    return n;
  };
  box.append(table('Experiment queue', ['id', 'title', 'hypothesis', 'overrides', 'status', 'by'], list.data.experiments.map((x) => [`#${x.id}`, x.title, hypothesis(x.hypothesis), JSON.stringify(x.overrides), x.status, x.submitter])));
  if (board.status === 200) {
    box.append(table('Leaderboard', ['id', 'title', 'status', 'edge (validation)', 'edge (quick)'], board.data.rows.map((x) => [`#${x.id}`, x.title, x.status, x.validationEdge?.toFixed(2) ?? '—', x.quickEdge?.toFixed(2) ?? '—'])));
  }
}

async function submitBacktest(e) {
  e.preventDefault();
  const out = $('research-message');
  const body = { preset: $('bt-preset').value, days: Number($('bt-days').value), seed: Number($('bt-seed').value) };
  const r = await api('POST', '/backtests', body);
  out.textContent = r.status === 202 || r.status === 200 ? `backtest job ${r.data.id} ${r.data.state}` : `backtest refused: ${r.error?.message ?? r.status}`;
  await listJobs();
}

/** One axis value as typed: a number, true/false, or text (an enum's name). */
function axisValue(text) {
  const t = text.trim();
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/** The axes as typed, one per line (`name = 4,5,6`, `name = 8..14`, `name = 8..14 step 2`); throws naming a line it cannot read. The server checks the names and ranges. */
function parseAxes(text) {
  const axes = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([A-Za-z][\w.]*)\s*=\s*(.+)$/.exec(line);
    if (m === null) throw new Error(`axes line ${i + 1}: write name = values, e.g. momentumTicks = 4,5,6`);
    const range = /^(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)(?:\s+step\s+([\d.]+))?$/.exec(m[2].trim());
    if (range !== null) axes[m[1]] = { min: Number(range[1]), max: Number(range[2]), ...(range[3] === undefined ? {} : { step: Number(range[3]) }) };
    else axes[m[1]] = m[2].split(',').map(axisValue);
  }
  return axes;
}

/** Shows the fields of the chosen run and space. */
function swFields() {
  const wf = $('sw-run').value === 'walk-forward';
  $('sw-wf-fields').hidden = !wf;
  $('sw-random-fields').hidden = $('sw-space').value !== 'random';
  $('sw-submit').textContent = wf ? 'Run walk-forward' : 'Run sweep';
}

async function submitSweep(e) {
  e.preventDefault();
  const out = $('research-message');
  let axes;
  try {
    axes = parseAxes($('sw-axes').value);
  } catch (err) {
    return void (out.textContent = err.message);
  }
  const space = $('sw-space').value === 'random' ? { kind: 'random', axes, samples: Number($('sw-samples').value) } : { kind: 'grid', axes };
  const body = { data: $('sw-data').value, preset: $('sw-preset').value, space };
  const wf = $('sw-run').value === 'walk-forward';
  if (wf) Object.assign(body, { trainDays: Number($('wf-train').value), testDays: Number($('wf-test').value), objective: $('wf-objective').value });
  const what = wf ? 'walk-forward' : 'sweep';
  const r = await api('POST', wf ? '/walk-forward' : '/sweeps', body);
  out.textContent = r.status === 202 || r.status === 200 ? `${what} job ${r.data.id} ${r.data.state}` : `${what} refused: ${r.error?.message ?? r.status}`;
  await listJobs();
}

async function metaAnalysis() {
  const out = $('research-meta');
  const r = await api('POST', '/experiments/meta', { dataset: $('idea-dataset').value, max: 0 });
  out.replaceChildren();
  if (r.status !== 200) return void out.append(el('p', `meta-analysis refused: ${r.error?.message ?? r.status}`, { class: 'error' }));
  out.append(
    r.data.findings.length === 0
      ? el('p', 'Meta-analysis: no finished experiments to learn from yet.')
      : table('Meta-analysis: parameter moves so far, strongest first', ['parameter', 'moved', 'experiments', 'mean edge', 'wins'], r.data.findings.map((f) => [f.param, f.direction, f.experiments, f.meanEdge.toFixed(2), f.wins])),
  );
}

async function submitIdea(e) {
  e.preventDefault();
  const out = $('research-message');
  let overrides;
  try {
    overrides = JSON.parse($('idea-overrides').value);
  } catch {
    return void (out.textContent = 'overrides: must be a JSON object, e.g. {"tpPoints": 10}');
  }
  const body = { title: $('idea-title').value, hypothesis: $('idea-hypothesis').value, overrides, dataset: $('idea-dataset').value };
  const r = await api('POST', '/experiments', body);
  out.textContent = r.status === 200 ? `experiment #${r.data.experiment.id} ${r.data.created ? 'queued' : 'already queued'}` : `idea refused: ${r.error?.message ?? r.status}`;
  await listExperiments();
}

export async function enter() {
  $('bt-form').hidden = !session.allowed.has('backtests.submit');
  $('idea-form').hidden = !session.allowed.has('experiments.submit');
  $('compare').hidden = !session.allowed.has('runs.compare');
  $('sw-form').hidden = !session.allowed.has('sweeps.submit') && !session.allowed.has('walkforward.submit');
  for (const o of $('sw-run').options) o.disabled = !session.allowed.has(o.value === 'sweep' ? 'sweeps.submit' : 'walkforward.submit');
  $('meta').hidden = !session.allowed.has('experiments.meta');
  await Promise.all([listJobs(), listExperiments()]);
  clearInterval(timer);
  // Jobs move on their own: the list follows their progress.
  timer = setInterval(() => void listJobs(), 2000);
}

export function leave() {
  clearInterval(timer);
  timer = null;
  chart?.remove();
  chart = null;
}

export function setUp() {
  $('bt-form').addEventListener('submit', (e) => void submitBacktest(e));
  $('compare').addEventListener('click', () => void compare());
  $('sw-form').addEventListener('submit', (e) => void submitSweep(e));
  $('sw-run').addEventListener('change', swFields);
  $('sw-space').addEventListener('change', swFields);
  $('meta').addEventListener('click', () => void metaAnalysis());
  $('idea-form').addEventListener('submit', (e) => void submitIdea(e));
}
