import { benchBook } from './analytics-bench.js';
import { executionQuality } from '../src/analytics/execution-quality.js';
const { events } = benchBook(1_000_000);
for (let k = 0; k < 6; k++) { const t = performance.now(); executionQuality(events); console.log((performance.now() - t).toFixed(0)); }
