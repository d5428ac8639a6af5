import { benchBook } from './analytics-bench.js';
import { analyze } from '../src/analytics/analyze.js';
const { trades, events } = benchBook(1_000_000);
for (let k = 0; k < 6; k++) { const t = performance.now(); analyze({ trades, events }); console.log((performance.now() - t).toFixed(0)); }
