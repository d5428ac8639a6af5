import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_COMMANDS, AGENT_STATES, AGENT_TRANSITIONS, AgentTransitionError, loopRuns, nextAgentState, type AgentCommand, type AgentState } from '../../src/app/runtime/agent-lifecycle.js';
import { AgentManager } from '../../src/app/runtime/agent-manager.js';
import type { BookReader, ControlReader, EventSink } from '../../src/app/runtime/runtime-ports.js';
import type { ReplayDataset } from '../../src/backtest/dataset.js';
import { epochOfLocal } from '../../src/core/calendar/exchange-time.js';
import { rateCards, simConfig } from './agent-harness.js';

describe('agent lifecycle table', () => {
  it('keeps the state one of the six, and an illegal command throws naming the state and the command', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...AGENT_COMMANDS), { maxLength: 40 }), (commands) => {
        let state: AgentState = 'stopped';
        for (const command of commands) {
          const legal = AGENT_TRANSITIONS[state][command] !== undefined;
          let next: AgentState = state;
          try {
            next = nextAgentState(state, command);
            expect(legal).toBe(true);
          } catch (e) {
            expect(legal).toBe(false);
            expect(e).toBeInstanceOf(AgentTransitionError);
            expect((e as Error).message).toContain(`cannot ${command} the agent: it is ${state}`);
          }
          expect(AGENT_STATES).toContain(next);
          state = next;
        }
      }),
    );
  });

  it('has the rules the runtime relies on', () => {
    // After a stop the only way on is a new start; resume never brings back a loop that has ended.
    for (const ended of ['stopped', 'finished'] as const) {
      expect(Object.keys(AGENT_TRANSITIONS[ended])).toEqual(['start']);
    }
    expect(AGENT_TRANSITIONS.failed).toEqual({});
    // Only a kill or a pause can be resumed; a killed agent cannot be paused (resume it first).
    expect(AGENT_STATES.filter((s) => AGENT_TRANSITIONS[s].resume !== undefined)).toEqual(['paused', 'killed']);
    expect(AGENT_TRANSITIONS.killed.pause).toBeUndefined();
    // The run itself ends a live loop only: stop, finish and fail lead out of exactly the loop states.
    for (const end of ['stop', 'finish', 'fail'] as const) {
      expect(AGENT_STATES.filter((s) => AGENT_TRANSITIONS[s][end] !== undefined)).toEqual(AGENT_STATES.filter(loopRuns));
    }
    expect(() => nextAgentState('stopped', 'resume')).toThrow('cannot resume the agent: it is stopped; from stopped only start is allowed');
  });
});

/** One replayed day of index ticks a minute apart: at 1× speed on a frozen wall clock the loop stays alive until stopped. */
function minuteDataset(): ReplayDataset {
  const open = epochOfLocal('2026-01-05', 9 * 60 + 15, 330);
  const n = 375;
  const ts = Float64Array.from({ length: n }, (_, i) => open + i * 60_000);
  const ltp = Float64Array.from({ length: n }, (_, i) => 2_580_000 + (i % 7) * 500);
  const zeros = new Float64Array(n);
  return {
    name: 'minutes',
    description: 'test: index ticks a minute apart',
    universe: { instruments: [{ kind: 'INDEX', id: 0, symbol: 'NIFTY', exchange: 'NSE', utcOffsetMin: 330, tickSize: 5 }] },
    underlying: 0,
    dates: ['2026-01-05'],
    days: [{ length: n, ts, instrument: new Int32Array(n), ltp, bid: zeros, ask: zeros, bidQty: zeros, askQty: zeros }],
    chains: new Map(),
    profile: { currency: 'INR', utcOffsetMin: 330, sessionOpen: '09:15', sessionClose: '15:30', optionExchange: 'NFO' },
    synthetic: false,
    dataHash: 'minutes',
  };
}

const sink: EventSink = { push: () => true, setControl: () => undefined, post: () => undefined, pending: 0, droppedNonTrade: 0, drain: () => Promise.resolve() };
const book: BookReader = { openTrades: () => [], tradesForDate: () => [], events: () => [], otherEvents: () => [] };
const control: ControlReader = { getState: () => undefined, listPositions: () => [] };

/** Whether `p` is still pending once everything already queued has run. */
function pending(p: Promise<void>): Promise<boolean> {
  return Promise.race([p.then(() => false), new Promise<boolean>((r) => setImmediate(() => r(true)))]);
}

type Step = Exclude<AgentCommand, 'finish'> | 'settle';

describe('agent manager lifecycle (random command sequences)', () => {
  const dataset = minuteDataset();
  const start = { mode: 'paper' as const, preset: 'nifty_normal', seed: 1, days: 1, startDate: '2026-01-05', simSpeed: 1, replay: dataset };
  const steps = fc.array(fc.constantFrom<Step>('start', 'pause', 'resume', 'kill', 'stop', 'fail', 'settle'), { minLength: 1, maxLength: 25 });

  it('stays in the table: illegal commands change nothing, and the loop runs exactly while running, paused or killed', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const fatal: Error[] = [];
        const agent = new AgentManager({ simConfig, rateCards, sink, book, control, wallNow: () => 0, log: { log: () => undefined }, onFatal: (e) => fatal.push(e) });
        for (const step of sequence) {
          if (step === 'settle') {
            await new Promise((r) => setTimeout(r, 15));
          } else if (step === 'fail') {
            agent.fail(new Error('disk full'));
          } else {
            const before = JSON.stringify(agent.status());
            const from = agent.status().state;
            const legal = AGENT_TRANSITIONS[from][step] !== undefined;
            let refused: unknown = null;
            let stopping: Promise<void> | null = null;
            try {
              if (step === 'stop') stopping = agent.stop(false);
              else if (step === 'start') agent.start(start);
              else if (step === 'pause') agent.pause();
              else if (step === 'resume') agent.resume();
              else agent.kill();
            } catch (e) {
              refused = e;
            }
            if (stopping !== null) {
              // The command is checked before anything changes; a refused stop rejects without touching the state.
              const rejected = await stopping.then(() => null, (e: unknown) => e);
              if (!legal) expect(JSON.stringify(agent.status())).toBe(before);
              refused = rejected;
            }
            expect(refused === null, `${step} from ${from}`).toBe(legal);
            if (refused !== null) {
              expect(refused).toBeInstanceOf(AgentTransitionError);
              if (stopping === null) expect(JSON.stringify(agent.status())).toBe(before);
            }
          }
          const alive = await pending(agent.done);
          const state = agent.status().state;
          expect(AGENT_STATES).toContain(state);
          expect(alive, `loop alive in state ${state}`).toBe(loopRuns(state));
        }
        if (loopRuns(agent.status().state)) await agent.stop(false);
        await agent.done;
        // Nothing fails by itself here; each failure is reported at most once, and a failed agent has reported it.
        const fails = sequence.filter((x) => x === 'fail').length;
        expect(fatal.length).toBeLessThanOrEqual(fails);
        if (agent.status().state === 'failed') expect(fatal.length).toBeGreaterThan(0);
        if (fails === 0) expect(agent.status().state).not.toBe('failed');
      }),
      { numRuns: 60 },
    );
  });

  it('after stop, resume is refused and start runs again (the defect: resume reported running with no loop)', async () => {
    const agent = new AgentManager({ simConfig, rateCards, sink, book, control, wallNow: () => 0, log: { log: () => undefined } });
    agent.start(start);
    await agent.stop(false);
    expect(agent.status().state).toBe('stopped');
    expect(() => agent.resume()).toThrow('cannot resume the agent: it is stopped');
    expect(agent.status().state).toBe('stopped');
    agent.start(start);
    expect(agent.status().state).toBe('running');
    expect(await pending(agent.done)).toBe(true);
    await agent.stop(false);
  });

  it('a failure ends the loop as failed and reports through onFatal once; nothing is allowed after it', async () => {
    const fatal: Error[] = [];
    const agent = new AgentManager({ simConfig, rateCards, sink, book, control, wallNow: () => 0, log: { log: () => undefined }, onFatal: (e) => fatal.push(e) });
    agent.start(start);
    agent.fail(new Error('database or disk is full'));
    agent.fail(new Error('second'));
    await agent.done;
    expect(agent.status().state).toBe('failed');
    expect(fatal.map((e) => e.message)).toEqual(['database or disk is full']);
    expect(() => agent.start(start)).toThrow(/cannot start the agent: it is failed; nothing is allowed after a failure/);
  });
});
