// The Analytics page: one book (the agent's or the trader's manual one) net of charges, filtered by side and
// dates: the summary, the equity and drawdown charts (lightweight-charts, served by the daemon), the P&L
// distribution, breakdowns, and the latest trades, each with its decision trace and a chart of the premium
// around it (every tick, where the daemon has them) with its fills and stop.
import { AreaSeries, createChart, createSeriesMarkers, LineSeries } from './vendor/lightweight-charts.mjs';
import { $, api, el, rupees, table, time } from './shell.js';

let charts = [];

/** Chart times must rise strictly: trades closing in the same second are spread one second apart. */
function points(equity, pick) {
  let last = -Infinity;
  return equity.map((p) => {
    const t = Math.max(Math.floor(p.ts / 1000), last + 1);
    last = t;
    return { time: t, value: pick(p) };
  });
}

function chart(container, title, data, kind) {
  const box = el('figure');
  box.append(el('figcaption', title));
  const area = el('div', null, { class: 'chart', role: 'img', 'aria-label': `${title}: ${data.length} points, last ${data.at(-1)?.value.toFixed(2) ?? 'none'}` });
  box.append(area);
  container.append(box);
  const c = createChart(area, { height: 240, autoSize: true, timeScale: { timeVisible: true } });
  const series = c.addSeries(kind === 'area' ? AreaSeries : LineSeries, kind === 'area' ? { lineColor: '#c62828', topColor: '#c6282844', bottomColor: '#c6282811' } : { color: '#1565c0' });
  series.setData(data);
  c.timeScale().fitContent();
  charts.push(c);
}

const breakdownRows = (rows) => rows.map((r) => [r.key, r.trades, rupees(r.netPnl), `${Math.round(r.winRate * 100)}%`]);

/** The query of the filters chosen (book, side, from, to). */
function query() {
  const q = new URLSearchParams({ book: $('analytics-book').value });
  if ($('analytics-side').value !== '') q.set('side', $('analytics-side').value);
  if ($('analytics-from').value !== '') q.set('from', $('analytics-from').value);
  if ($('analytics-to').value !== '') q.set('to', $('analytics-to').value);
  return q;
}

/** One trade's decision trace, and the chart of the option's premium around it. */
async function showTrade(id, book) {
  const box = $('analytics-trade');
  const r = await api('GET', `/trades/${encodeURIComponent(id)}?book=${book}`);
  box.replaceChildren();
  if (r.status !== 200) return void box.append(el('p', r.error?.message ?? `trade: ${r.status}`, { class: 'error' }));
  const t = r.data;
  box.append(el('h3', `Trade ${t.id}: ${t.symbol} ${t.side}, net ${rupees(t.netPnl)}, ${t.exitReason}`));
  const check = (c) => [c.check, c.value, c.threshold, c.passed === null ? '—' : c.passed ? 'yes' : 'no'];
  box.append(
    table('Entry checks', ['rule', 'saw', 'threshold', 'passed'], t.entryChecks.map(check)),
    table('Risk at entry', ['figure', 'value', 'limit', 'passed'], t.riskChecks.map(check)),
    table('Fills', ['kind', 'time', 'action', 'qty', 'price', 'signal price', 'charges', 'reason'], t.fills.map((f) => [f.kind, time(f.ts), f.action, f.qty, rupees(f.price), rupees(f.signalPrice), rupees(f.charges), f.reason])),
    table('Stop moves', ['time', 'from', 'to', 'stage', 'at price'], t.stopMoves.map((m) => [time(m.ts), rupees(m.from), rupees(m.to), m.stage, rupees(m.price)])),
  );
  await premiumChart(box, t, book);
}

/**
 * The option's premium around the trade, tick by tick where the daemon has the ticks (the run's own days or
 * the recordings), otherwise at the trade's fills and stop moves only; the fills marked, the stop as it moved.
 */
async function premiumChart(box, t, book) {
  const at = (ts) => Math.floor(ts / 1000);
  const p = await api('GET', `/trades/${encodeURIComponent(t.id)}/premium?book=${book}&minutes=5`);
  const ticks = p.status === 200 && p.data.available;
  // Chart times are whole seconds and must rise strictly: each second shows its last tick.
  const price = new Map();
  if (ticks) for (const x of p.data.points) price.set(at(x.ts), x.price);
  for (const f of t.fills) if (!ticks || !price.has(at(f.ts))) price.set(at(f.ts), f.price);
  if (!ticks) for (const m of t.stopMoves) if (!price.has(at(m.ts))) price.set(at(m.ts), m.price);
  const series = [...price].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value }));
  const title = ticks ? `Premium around the trade, every tick (₹), with the fills and the stop — from ${p.data.source}` : 'Premium at the trade’s fills and stop moves (₹), with the stop';
  box.append(el('h4', title));
  if (!ticks) box.append(el('p', `No ticks of ${t.symbol} around this trade: ${p.status === 200 ? p.data.reason : (p.error?.message ?? p.status)}`, { class: 'muted' }));
  if (series.length < 2) return;
  const area = el('div', null, { class: 'chart', role: 'img', 'aria-label': `trade ${t.id}: ${ticks ? `${p.data.points.length} ticks, ` : ''}${t.fills.length} fills, ${t.stopMoves.length} stop moves` });
  box.append(area);
  const c = createChart(area, { height: 260, autoSize: true, timeScale: { timeVisible: true, secondsVisible: true } });
  charts.push(c);
  const premium = c.addSeries(LineSeries, { color: '#1565c0', lineWidth: ticks ? 1 : 2 });
  premium.setData(series);
  createSeriesMarkers(
    premium,
    t.fills.map((f) => ({ time: at(f.ts), position: f.action === 'BUY' ? 'belowBar' : 'aboveBar', color: f.action === 'BUY' ? '#2e7d32' : '#c62828', shape: f.action === 'BUY' ? 'arrowUp' : 'arrowDown', text: f.kind })),
  );
  // The stop from the entry (its first move's `from` is the initial stop) to the exit.
  const stops = [];
  for (const m of t.stopMoves) {
    if (stops.length === 0) stops.push({ time: at(t.fills[0].ts), value: m.from });
    if (at(m.ts) > stops.at(-1).time) stops.push({ time: at(m.ts), value: m.to });
    else stops.at(-1).value = m.to;
  }
  const exit = at(t.exitTs);
  if (stops.length > 0 && exit > stops.at(-1).time) stops.push({ time: exit, value: stops.at(-1).value });
  if (stops.length > 0) c.addSeries(LineSeries, { color: '#c62828', lineStyle: 2, lineType: 1 }).setData(stops);
  c.timeScale().fitContent();
}

/** The distribution of trade results, one meter per bucket (no inline style: the CSP allows none). */
function distribution(rows) {
  const most = Math.max(1, ...rows.map((r) => r.count));
  return table(
    'Net P&L distribution',
    ['from', 'trades', ''],
    rows.map((r) => [rupees(r.from), r.count, el('meter', null, { min: '0', max: String(most), value: String(r.count), 'aria-label': `${r.count} trades from ${r.from}` })]),
  );
}

export async function enter() {
  leave();
  const q = query();
  const book = q.get('book');
  const out = $('analytics-body');
  out.replaceChildren(el('p', 'Loading…'));
  const tq = new URLSearchParams(q);
  tq.set('limit', '50');
  const [a, trades] = await Promise.all([api('GET', `/analytics?${q}`), api('GET', `/trades?${tq}`)]);
  if (a.status !== 200) return void out.replaceChildren(el('p', a.error?.message ?? `analytics: ${a.status}`, { class: 'error' }));
  const s = a.data.summary;
  out.replaceChildren();
  out.append(
    table('Summary', ['trades', 'win rate', 'net P&L', 'charges', 'profit factor', 'expectancy', 'max drawdown'], [
      [s.trades, `${Math.round(s.winRate * 100)}%`, rupees(s.netPnl), rupees(s.charges), s.profitFactor === null ? '—' : s.profitFactor.toFixed(2), rupees(s.expectancy), rupees(s.maxDrawdown)],
    ]),
  );
  const figures = el('div', null, { class: 'grid' });
  out.append(figures);
  if (a.data.equity.length > 0) {
    chart(figures, 'Equity (net, ₹)', points(a.data.equity, (p) => p.equity), 'line');
    chart(figures, 'Drawdown (₹)', points(a.data.equity, (p) => p.drawdown), 'area');
  } else {
    figures.append(el('p', 'No closed trades in this book yet.'));
  }
  const breakdowns = el('div', null, { class: 'grid' });
  breakdowns.append(
    table('By exit reason', ['reason', 'trades', 'net', 'wins'], breakdownRows(a.data.byExitReason)),
    table('By side', ['side', 'trades', 'net', 'wins'], breakdownRows(a.data.bySide)),
    table('By time of day', ['hour', 'trades', 'net', 'wins'], breakdownRows(a.data.byTimeOfDay)),
    table('By weekday', ['weekday', 'trades', 'net', 'wins'], breakdownRows(a.data.byDayOfWeek)),
    table('By regime at entry', ['regime', 'trades', 'net', 'wins'], breakdownRows(a.data.byRegime)),
    table('By preset', ['preset', 'trades', 'net', 'wins'], breakdownRows(a.data.byPreset)),
    table('By parameter version', ['version', 'trades', 'net', 'wins'], breakdownRows(a.data.byParamsVersion)),
    distribution(a.data.distribution),
  );
  out.append(breakdowns);
  const list = trades.status === 200 ? trades.data.trades : [];
  const open = (t) => {
    const b = el('button', t.id, { type: 'button', 'aria-label': `trade ${t.id}: show its decision trace` });
    b.addEventListener('click', () => void showTrade(t.id, book));
    return b;
  };
  out.append(table('Latest trades', ['trade', 'symbol', 'side', 'entry', 'exit', 'net', 'exit reason'], [...list].reverse().map((t) => [open(t), t.symbol, t.side, time(t.entryTs), time(t.exitTs), rupees(t.netPnl), t.exitReason])));
  out.append(el('div', null, { id: 'analytics-trade' }));
}

export function leave() {
  for (const c of charts) c.remove();
  charts = [];
}

export function setUp() {
  $('analytics-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void enter();
  });
  $('analytics-book').addEventListener('change', () => void enter());
}
