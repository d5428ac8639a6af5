/** The data files a job task names (every `data` field, and an experiment's `dataset`, nested ones included, that is not a sim: reference), and the task with them replaced by local paths. */
import type { JobTask } from '../../app/jobs/job-kinds.js';
import { isSimRef } from '../../app/sim-dataset.js';

function walk(x: unknown, visit: (owner: Record<string, unknown>) => void): void {
  if (Array.isArray(x)) for (const v of x) walk(v, visit);
  else if (x !== null && typeof x === 'object') {
    visit(x as Record<string, unknown>);
    for (const v of Object.values(x)) walk(v, visit);
  }
}

const isPath = (v: unknown): v is string => typeof v === 'string' && !isSimRef(v);

/** The distinct data paths of `task`. */
const KEYS = ['data', 'dataset'] as const;

export function dataPaths(task: JobTask): string[] {
  const found = new Set<string>();
  walk(task, (o) => {
    for (const k of KEYS) if (isPath(o[k])) found.add(o[k]);
  });
  return [...found];
}

/** A copy of `task` whose data paths are mapped through `local` (a path it does not map stays). */
export function withLocalData(task: JobTask, local: ReadonlyMap<string, string>): JobTask {
  const copy = structuredClone<JobTask>(task);
  walk(copy, (o) => {
    for (const k of KEYS) {
      const v = o[k];
      if (isPath(v) && local.has(v)) o[k] = local.get(v);
    }
  });
  return copy;
}
