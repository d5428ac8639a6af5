// The Analytics page: one book (the agent's or the trader's manual one) net of charges: the summary, the
// equity and drawdown charts (lightweight-charts, served by the daemon), breakdowns and the latest trades.
import { AreaSeries, createChart, LineSeries } from './vendor/lightweight-charts.mjs';
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

export async function enter() {
  leave();
  const book = $('analytics-book').value;
  const out = $('analytics-body');
  out.replaceChildren(el('p', 'Loading…'));
  const [a, trades] = await Promise.all([api('GET', `/analytics?book=${book}`), api('GET', `/trades?book=${book}&limit=50`)]);
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
  );
  out.append(breakdowns);
  const list = trades.status === 200 ? trades.data.trades : [];
  out.append(table('Latest trades', ['trade', 'symbol', 'side', 'entry', 'exit', 'net', 'exit reason'], [...list].reverse().map((t) => [t.id, t.symbol, t.side, time(t.entryTs), time(t.exitTs), rupees(t.netPnl), t.exitReason])));
}

export function leave() {
  for (const c of charts) c.remove();
  charts = [];
}

export function setUp() {
  $('analytics-book').addEventListener('change', () => void enter());
}
