/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core), served by the daemon's HTTP app
 * with the simulator trading: a token login by keyboard, the mode and engine shown, a live update over SSE,
 * a pause from the page that changes the engine's state, an agent's view without the controls it may not
 * use; the analytics with their charts; a proposal approved and applied from the page showing as the new
 * version, its rationale shown as untrusted text; a backtest job run from the Research page with its
 * result and equity, and an idea queued; no console error and no failed request, at 1280 and
 * 390 px, with screenshots.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listen, type HttpListener } from '../../src/http/daemon.js';
import { mountDashboard } from '../../src/http/dashboard-mount.js';
import { restHarness, type RestHarness } from '../http/rest-harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Screenshots go to test-results/screenshots; SCREENSHOTS_DIR=docs/screenshots refreshes the committed ones.
const SHOTS = resolve(import.meta.dirname, '../..', process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots');
const present = existsSync(CHROMIUM);
if (!present) console.warn(`dashboard tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

let r: RestHarness;
let server: HttpListener;
let browser: Browser;
beforeAll(async () => {
  if (!present) return;
  // A gate whose verdict the test gives (the gate job itself is tested elsewhere).
  r = await restHarness({ simSpeed: 3000, jobs: true, gate: { start: () => ({ jobId: 'manual' }) } });
  mountDashboard(r.app);
  server = await listen(r.app, { host: '127.0.0.1', port: 0 }, false);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  if (!present) return;
  await browser?.close();
  await server?.close();
  await r?.close();
});

/** A page that records console errors, failed requests and error answers. */
async function openPage(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (q) => {
    // The event stream is aborted when the page closes or logs out: that is not a failure.
    if (!q.url().endsWith('/api/v1/events')) problems.push(`failed: ${q.url()} ${q.failure()?.errorText ?? ''}`);
  });
  page.on('response', (s) => {
    if (s.status() >= 400) problems.push(`${s.status()}: ${s.url()}`);
  });
  await page.goto(server.url);
  return { page, problems };
}

async function logIn(page: Page, token: string): Promise<void> {
  // By keyboard: the token field has the focus and a label; Enter submits.
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('token');
  await page.getByLabel('API token').fill(token);
  await page.keyboard.press('Enter');
  await page.locator('#now').waitFor({ state: 'visible' });
}

describe.skipIf(!present)('the dashboard: Now', () => {
  it('logs in with a trader token, shows the engine, takes a live update over SSE and pauses the engine from the page', async () => {
    const { page, problems } = await openPage(1280, 900);
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await logIn(page, r.tokens.trader);
    await expect.poll(() => page.locator('#mode-banner').textContent()).toBe('PAPER');
    await expect.poll(() => page.locator('#state').textContent()).toBe('running');
    expect(await page.locator('#who').textContent()).toContain('trader-test (trader)');
    // Where research jobs run (the harness's pool has one thread).
    await expect.poll(() => page.locator('#research-backend').textContent()).toMatch(/^local, 1 worker thread\(s\), \d+ running, \d+ queued$/);
    for (const action of ['pause', 'resume', 'stop', 'kill']) expect(await page.locator(`#controls button[data-action=${action}]`).isVisible()).toBe(true);
    // A fill or a closed trade, pushed over SSE while the simulator trades.
    await page.locator('#events li', { hasText: /trade\.(fill|closed)/ }).first().waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'now-1280.png'), fullPage: true });

    // Pause from the page: a confirmation first (Cancel changes nothing), then the engine's state changes.
    await page.locator('#controls button[data-action=pause]').click();
    await page.locator('#confirm').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('#control-result').textContent()).toBe('pause: cancelled');
    expect(r.deps.agent.status().state).toBe('running');
    await page.locator('#controls button[data-action=pause]').click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('#control-result').textContent()).toBe('pause: engine paused');
    expect(r.deps.agent.status().state).toBe('paused');
    await expect.poll(() => page.locator('#state').textContent()).toBe('paused');
    await page.locator('#controls button[data-action=resume]').click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('#control-result').textContent()).toBe('resume: engine running');
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('an agent’s token sees no control it may not use; a bad token is refused on the page; it works at 390 px', async () => {
    const { page, problems } = await openPage(390, 844);
    await page.getByLabel('API token').fill('not-a-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('not valid');
    // That refusal is the one error expected: the 401 answer, and Chromium's console line about it.
    expect(problems.splice(0).map((x) => x.replace(/https?:\/\/[^ ]+\/api/, '…/api')).sort()).toEqual(['401: …/api/v1/whoami', 'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await page.getByLabel('API token').fill(r.tokens.agent);
    await page.keyboard.press('Enter');
    await page.locator('#now').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#who').textContent()).toContain('agent-test (agent)');
    const visible = async (action: string) => page.locator(`#controls button[data-action=${action}]`).isVisible();
    expect({ pause: await visible('pause'), resume: await visible('resume'), stop: await visible('stop'), kill: await visible('kill') }).toEqual({ pause: true, resume: false, stop: false, kill: true });
    // Nothing is wider than the phone's screen, on any page.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'now-390.png'), fullPage: true });
    for (const [name, loaded] of [['Analytics', '#analytics-body table'], ['Tuning', '#tuning-body table'], ['Research', '#research-jobs table']] as const) {
      await page.getByRole('link', { name }).click();
      await page.locator(loaded).first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(390);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('Analytics draws the equity and drawdown; Tuning approves and applies a proposal that becomes the version in force', async () => {
    // Entries paused and the last position closed, so the book holds still while the page and the API are compared.
    await r.request('POST', '/api/v1/engine/pause', { json: { reason: 'a still book for the test' } });
    await expect.poll(() => r.deps.agent.status().position, { timeout: 60_000 }).toBeNull();
    const { page, problems } = await openPage(1280, 900);
    await logIn(page, r.tokens.trader);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.locator('#analytics-body table caption', { hasText: 'Summary' }).waitFor();
    await expect.poll(() => page.locator('#analytics-body canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#analytics-body figcaption').allTextContents()).toEqual(['Equity (net, ₹)', 'Drawdown (₹)']);
    expect(await page.locator('#analytics-body caption').allTextContents()).toEqual(['Summary', 'By exit reason', 'By side', 'By time of day', 'By weekday', 'By regime at entry', 'By preset', 'By parameter version', 'Net P&L distribution', 'Latest trades']);
    // Filtered to calls: the page's count is the API's for the same filter.
    await page.getByLabel('Side').selectOption('CE');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const calls = (await r.request('GET', '/api/v1/analytics?book=auto&side=CE')).body.data as { summary: { trades: number } };
    await expect.poll(() => page.locator('#analytics-body table').first().locator('td').first().textContent()).toBe(String(calls.summary.trades));
    const bySide = page.locator('#analytics-body table', { has: page.locator('caption', { hasText: 'By side' }) });
    expect(await bySide.locator('tbody tr td:first-child').allTextContents()).toEqual(['CE']);
    // A trade's decision trace, with its fills and stop on a chart.
    await page.locator('#analytics-body button[aria-label^="trade "]').first().click();
    await page.locator('#analytics-trade h3').waitFor();
    expect(await page.locator('#analytics-trade h3').textContent()).toMatch(/^Trade \d{4}-\d{2}-\d{2}#\d+: NIFTY\S+CE CE, net ₹-?[\d.]+, \w+$/);
    expect(await page.locator('#analytics-trade caption').allTextContents()).toEqual(['Entry checks', 'Risk at entry', 'Fills', 'Stop moves']);
    await expect.poll(() => page.locator('#analytics-trade canvas').count()).toBeGreaterThan(0);
    // The chart is of the premium around the trade, every tick (the simulator's day regenerated from its seed).
    expect(await page.locator('#analytics-trade h4').textContent()).toContain('every tick');
    expect(await page.locator('#analytics-trade .chart').getAttribute('aria-label')).toMatch(/: [1-9]\d* ticks, \d+ fills/);
    await page.screenshot({ path: join(SHOTS, 'analytics-1280.png'), fullPage: true });
    await r.request('POST', '/api/v1/engine/resume', { json: {} });

    // An agent proposes, with a rationale that tries to be HTML; the gate passes.
    const g = r.deps.governance!;
    g.updateSettings({ cooloffMinutes: 0 });
    const before = r.deps.agent.status().paramsVersion;
    const proposed = await r.request('POST', '/api/v1/proposals', { token: r.tokens.agent, json: { diff: { tpPoints: 11 }, rationale: '<img src=x onerror="window.pwned=1"> widen the target' } });
    const id = (proposed.body.data as { proposal: { id: number } }).proposal.id;
    g.gateEnded(id, { passed: true, reason: 'test: the gate passed', evidence: { test: true } });
    await page.getByRole('link', { name: 'Tuning' }).click();
    const row = page.locator('#tuning-body tr', { hasText: `#${id}` });
    await row.waitFor();
    expect(await row.textContent()).toContain('untrusted: <img src=x onerror="window.pwned=1"> widen the target');
    expect(await row.textContent()).toContain('tpPoints 8 → 11');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('#tuning-result').textContent()).toBe(`approve #${id}: done`);
    await row.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('#tuning-result').textContent()).toBe(`apply #${id}: done`);
    const inForce = r.deps.agent.status().paramsVersion!;
    expect(inForce).not.toBe(before);
    await expect.poll(() => page.locator('#tuning-body tr', { hasText: '(in force)' }).first().textContent()).toContain(`${inForce} (in force)`);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, 'tuning-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('Research runs a backtest job with its progress and result, and queues an idea', async () => {
    const { page, problems } = await openPage(1280, 900);
    await logIn(page, r.tokens.trader);
    await page.getByRole('link', { name: 'Research' }).click();
    await page.getByLabel('Days').fill('1');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).toMatch(/^backtest job \S+ (queued|running|done)$/);
    const id = /^backtest job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    const row = page.locator('#research-jobs tr', { hasText: id });
    await row.getByRole('button', { name: 'Result' }).waitFor({ timeout: 120_000 });
    await row.getByRole('button', { name: 'Result' }).click();
    await page.locator('#research-result caption', { hasText: `Backtest ${id}` }).waitFor();
    await expect.poll(() => page.locator('#research-result canvas').count()).toBeGreaterThan(0);
    // The job's trades, as the API gives them: the page's figures are the result's.
    const job = (await r.request('GET', `/api/v1/jobs/${id}`)).body.data as { result: { metrics: { trades: number } } };
    expect(await page.locator('#research-result td').first().textContent()).toBe(String(job.result.metrics.trades));

    // A second run (another seed), and the two compared: the page's verdict is the comparison job's.
    await page.getByLabel('Seed').fill('8');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).not.toContain(id);
    const second = /^backtest job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    await page.getByRole('checkbox', { name: `compare job ${second}` }).waitFor({ timeout: 120_000 });
    await page.getByRole('checkbox', { name: `compare job ${id}` }).check();
    await page.getByRole('checkbox', { name: `compare job ${second}` }).check();
    await page.getByRole('button', { name: `Compare B ${second} against A ${id}` }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).toMatch(/^compare job \S+/);
    const cmp = /^compare job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    const cmpRow = page.locator('#research-jobs tr', { hasText: cmp });
    await cmpRow.getByRole('button', { name: 'Result' }).waitFor({ timeout: 120_000 });
    await cmpRow.getByRole('button', { name: 'Result' }).click();
    const verdict = ((await r.request('GET', `/api/v1/jobs/${cmp}`)).body.data as { result: { verdict: string } }).result.verdict;
    await expect.poll(() => page.locator('#research-result td').last().textContent()).toBe(verdict);

    // A grid sweep, and its best combinations.
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).toMatch(/^sweep job \S+/);
    const sweep = /^sweep job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    const sweepRow = page.locator('#research-jobs tr', { hasText: sweep });
    await sweepRow.getByRole('button', { name: 'Result' }).waitFor({ timeout: 120_000 });
    await sweepRow.getByRole('button', { name: 'Result' }).click();
    await page.locator('#research-result caption', { hasText: `Sweep ${sweep}: 3 combinations` }).waitFor();
    expect(await page.locator('#research-result tbody tr').count()).toBe(3);

    // A random sweep: seeded samples of a range, each inside it.
    await page.getByLabel('Space').selectOption('random');
    await page.getByLabel('Axes').fill('tpPoints = 8..14');
    await page.getByLabel('Samples').fill('2');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).not.toContain(sweep);
    const random = /^sweep job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    const randomRow = page.locator('#research-jobs tr', { hasText: random });
    await randomRow.getByRole('button', { name: 'Result' }).waitFor({ timeout: 120_000 });
    await randomRow.getByRole('button', { name: 'Result' }).click();
    await page.locator('#research-result caption', { hasText: `Sweep ${random}: ` }).waitFor();
    const drawn = ((await r.request('GET', `/api/v1/jobs/${random}`)).body.data as { result: { results: { overrides: { tpPoints: number } }[] } }).result.results;
    expect(drawn.length).toBe(2);
    for (const c of drawn) expect(c.overrides.tpPoints >= 8 && c.overrides.tpPoints <= 14).toBe(true);
    expect(await page.locator('#research-result tbody tr').count()).toBe(2);

    // A walk-forward over four simulated dates: windows of two train dates and one test date.
    await page.getByLabel('Run', { exact: true }).selectOption('walk-forward');
    await page.getByLabel('Space').selectOption('grid');
    await page.locator('#sw-data').fill('sim:NIFTY:7:2026-01-05:4');
    await page.getByLabel('Axes').fill('momentumTicks = 4,6');
    await page.getByLabel('Train dates per window').fill('2');
    await page.getByLabel('Test dates per window').fill('1');
    await page.getByRole('button', { name: 'Run walk-forward' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).toMatch(/^walk-forward job \S+/);
    const wf = /^walk-forward job (\S+)/.exec((await page.locator('#research-message').textContent())!)![1]!;
    const wfRow = page.locator('#research-jobs tr', { hasText: wf });
    await wfRow.getByRole('button', { name: 'Result' }).waitFor({ timeout: 180_000 });
    await wfRow.getByRole('button', { name: 'Result' }).click();
    const wfResult = ((await r.request('GET', `/api/v1/jobs/${wf}`)).body.data as { result: { windows: unknown[]; outOfSample: { netPnl: string } } }).result;
    expect(wfResult.windows.length).toBe(2);
    await page.locator('#research-result caption', { hasText: `Walk-forward ${wf}: 2 windows of 2 train and 1 test dates` }).waitFor();
    expect(await page.locator('#research-result table').first().locator('td').nth(2).textContent()).toBe(`₹${wfResult.outOfSample.netPnl}`);
    expect(await page.locator('#research-result table').nth(1).locator('tbody tr').count()).toBe(2);

    await page.getByLabel('Title').fill('wider target');
    await page.getByLabel('Hypothesis').fill('<b>trend</b> days run further');
    await page.getByRole('button', { name: 'Queue the idea' }).click();
    await expect.poll(() => page.locator('#research-message').textContent()).toMatch(/^experiment #\d+ queued$/);
    const idea = page.locator('#research-experiments tr', { hasText: 'wider target' });
    expect(await idea.textContent()).toContain('untrusted: <b>trend</b> days run further');
    await page.getByRole('button', { name: 'Meta-analysis (report only)' }).click();
    await expect.poll(() => page.locator('#research-meta').textContent()).toBe('Meta-analysis: no finished experiments to learn from yet.');
    await page.screenshot({ path: join(SHOTS, 'research-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
