/** One line of text beside each tool's structured result, for clients (and models) that read text. */

type Data = Record<string, unknown>;

const count = (x: unknown, what: string): string => (Array.isArray(x) ? `${x.length} ${what}` : what);

const SUMMARIES: Readonly<Record<string, (d: Data) => string>> = {
  get_status: (d) => {
    const today = d.today as { trades: number; realisedNet: string } | undefined;
    const p = d.position as { side: string; qty: number; symbol: string; stop: string } | null;
    const trading = typeof d.tradingState === 'string' && d.tradingState !== 'active' ? `/${d.tradingState}` : '';
    return `${String(d.state)}${trading}; ${today?.trades ?? 0} trade(s) today, realised net ₹${today?.realisedNet ?? '0.00'}; ${p === null ? 'flat' : `${p.side} ${p.qty} ${p.symbol}, stop ₹${p.stop}`}`;
  },
  list_positions: (d) => count(d.positions, 'open position(s)'),
  list_trades: (d) => count(d.trades, 'trade(s)'),
  explain_trade: (d) => `trade ${String(d.id)}: ${String(d.side)} ${String(d.symbol)}, net ₹${String(d.netPnl)}, exit ${String(d.exitReason)}`,
  get_performance: (d) => {
    const s = d.summary as { trades: number; netPnl: number; winRate: number } | undefined;
    return s === undefined ? 'performance' : `${s.trades} trade(s), net ₹${s.netPnl.toFixed(2)}, win rate ${(s.winRate * 100).toFixed(1)}%`;
  },
  reconcile_day: (d) => {
    const ours = d.ours as { net: string } | undefined;
    const broker = d.broker as { net: string | null; gross: string } | undefined;
    const left = typeof d.unexplained === 'string' ? `unexplained ₹${d.unexplained}` : 'charges not compared';
    return `${String(d.date)} ${String(d.book)}: our net ₹${ours?.net ?? '?'}, the broker's ${broker?.net === null || broker === undefined ? `gross ₹${broker?.gross ?? '?'}` : `net ₹${broker.net}`}; ${count(d.differences, 'difference(s)')}, ${left}`;
  },
  get_pnl_series: (d) => count(d.rows, `${String(d.period)} row(s)`),
  list_proposals: (d) => count(d.proposals, 'proposal(s)'),
  list_experiments: (d) => count(d.experiments, 'experiment(s)'),
  get_logs: (d) => count(d.entries, 'log line(s)'),
  get_job: (d) => `job ${String(d.id)}: ${String(d.state)}${typeof d.progress === 'object' && d.progress !== null ? ` (${String((d.progress as { message: string }).message)})` : ''}`,
};

/** The line for `tool`'s result; jobs and commands say what they did in general terms. */
export function summaryOf(tool: string, data: unknown, mode: 'paper' | 'live'): string {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Data;
  const specific = SUMMARIES[tool];
  const text = specific !== undefined ? specific(d) : typeof d.id === 'string' && typeof d.state === 'string' ? jobLine(d.id, d.state, d.error) : `${tool}: done`;
  return `${text} [${mode}]`;
}

/** A job's line: a failed job says why (the model sees the reason without a second call). */
function jobLine(id: string, state: string, error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  if (state === 'failed') return `job ${id} failed: ${typeof message === 'string' ? message.replace(/\s+/g, ' ') : 'no reason recorded'}`;
  return `job ${id} ${state}; poll it with get_job`;
}
