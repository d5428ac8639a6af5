/**
 * The web dashboard's files, served by the daemon at `/` (same origin as /api/v1): a fixed list read from
 * the package's `dashboard/` folder, nothing from a CDN, no build step. The files are public (they hold no
 * data); every figure they show comes from the API with the token the trader logs in with.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { findPackageRoot } from '../adapters/rate-cards.js';

const JS = 'text/javascript; charset=utf-8';
const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': JS,
  'shell.js': JS,
  'now.js': JS,
  'analytics.js': JS,
  'tuning.js': JS,
  'research.js': JS,
};

// Scripts and styles only from this origin, no inline script, no framing: the page drives a trading engine.
// The one inline style allowed is the <style> element lightweight-charts 5.3.0 adds, by its hash (an
// upgrade that changes it is caught by the dashboard tests, which fail on any console error).
const CHART_STYLE_HASH = "'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY='";
const HEADERS = {
  'content-security-policy': `default-src 'self'; img-src 'self' data:; style-src 'self' ${CHART_STYLE_HASH}; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** Adds GET /, GET /dashboard/<file> and the chart library (from the installed package) to `app`. */
export function mountDashboard(app: Hono, dir: string = join(findPackageRoot(), 'dashboard')): void {
  const body = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const charts = join(dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json')), 'dist', 'lightweight-charts.standalone.production.mjs');
  app.get('/dashboard/vendor/lightweight-charts.mjs', (c) => c.body(readFileSync(charts, 'utf8'), 200, { ...HEADERS, 'content-type': JS }));
  app.get('/', (c) => c.body(body('index.html'), 200, { ...HEADERS, 'content-type': FILES['index.html']! }));
  app.get('/dashboard/:file', (c) => {
    const name = c.req.param('file');
    const type = FILES[name];
    if (type === undefined) return c.text('not found', 404);
    return c.body(body(name), 200, { ...HEADERS, 'content-type': type });
  });
}
