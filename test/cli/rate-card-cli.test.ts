/** A backtest on a date no rate card covers is refused as a user error (exit 2) naming the flag, the date and the cards' range, never as an internal error. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('scalper backtest on a date before the first rate card', () => {
  it('exits 2 naming --start-date and the cards’ range', () => {
    const run = runCli(['backtest', '--sim', '--days', '1', '--seed', '1', '--start-date', '2016-05-02']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'scalper: --start-date: no rate card for NSE on 2016-05-02: cards cover NSE from 2016-06-01 (nse-index-options-2016-06 … nse-index-options-2026-04)\n',
    );
    expect(run.stdout).toBe('');
  });

  it('runs on the first covered date', () => {
    const run = runCli(['backtest', '--sim', '--days', '1', '--seed', '1', '--start-date', '2016-06-01', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { trades: unknown[] }).trades.length).toBeGreaterThan(0);
  });
});
