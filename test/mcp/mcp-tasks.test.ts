/** MCP tasks on the job tools through the SDK's own Client over the in-memory transport: a task is its job (state, result, cancellation), one session's tasks are invisible to another, other tools refuse tasks. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, CreateTaskResultSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { JobTaskStore } from '../../mcp-server/job-tasks.js';
import { allowed, type Principal } from '../../src/app/registry/operation.js';
import { operation } from '../../src/app/registry/registry.js';
import { restHarness, type RestHarness } from '../http/rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const agent: Principal = { name: 'agent-test', scope: 'agent', tokenId: null };
const trader: Principal = { name: 'trader-test', scope: 'trader', tokenId: null };

async function connect(principal: Principal, o: { readOnly?: boolean } = {}): Promise<Client> {
  const server = createMcpServer({ deps: r.deps, principal, ...o });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(b);
  return client;
}

/** A tools/call with the `task` field: the CreateTaskResult, answered at once. */
const callAsTask = (client: Client, name: string, args: Record<string, unknown>) =>
  client.request({ method: 'tools/call', params: { name, arguments: args } }, CreateTaskResultSchema, { task: {} });

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;
/** A backtest that runs long enough to be cancelled while queued or running. */
const LONG = { days: 40, seed: 9 };

describe('MCP tasks on job tools', () => {
  it('job tools list taskSupport optional under a tasks capability for tools/call; other tools do not; a session without job tools declares no tasks', async () => {
    const client = await connect(agent);
    expect(client.getServerCapabilities()?.tasks).toMatchObject({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const tools = (await client.listTools()).tools;
    const support = Object.fromEntries(tools.map((t) => [t.name, t.execution?.taskSupport]));
    for (const t of ['run_backtest', 'run_sweep', 'run_walk_forward', 'compare_runs']) expect(support[t], t).toBe('optional');
    for (const t of ['get_status', 'get_job', 'cancel_job', 'propose_params']) expect(support[t], t).toBeUndefined();
    const ro = await connect(trader, { readOnly: true });
    expect(ro.getServerCapabilities()?.tasks).toBeUndefined();
    expect((await ro.listTools()).tools.some((t) => t.execution !== undefined)).toBe(false);
    await client.close();
    await ro.close();
  });

  it('a backtest called as a task answers its task at once (the job id), reaches completed, and tasks/result is the waited call’s answer with the job’s result', async () => {
    const client = await connect(agent);
    await client.listTools();
    const args = { days: 2, seed: 31 };
    const seen: string[] = [];
    let result: CallToolResult | undefined;
    let taskId = '';
    for await (const m of client.experimental.tasks.callToolStream({ name: 'run_backtest', arguments: args })) {
      seen.push(m.type);
      if (m.type === 'taskCreated') {
        taskId = m.task.taskId;
        expect(m.task.status).toBe('working');
      }
      if (m.type === 'result') result = m.result as CallToolResult;
      if (m.type === 'error') throw m.error;
    }
    expect(seen[0]).toBe('taskCreated');
    expect(seen.at(-1)).toBe('result');
    const job = r.deps.jobs!.get(taskId);
    expect(job.state).toBe('done');
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('completed');
    expect(result!.structuredContent).toEqual({ mode: 'paper', data: plain(job) });
    const waited = (await client.callTool({ name: 'run_backtest', arguments: args }, undefined, { onprogress: () => undefined })) as CallToolResult;
    expect(waited.structuredContent).toEqual(result!.structuredContent);
    expect(waited.content).toEqual(result!.content);
    await client.close();
  });

  it('tasks/result asked while the job runs waits for it and answers the job done', async () => {
    const client = await connect(agent);
    const { task } = await callAsTask(client, 'run_backtest', { days: 2, seed: 32 });
    expect(task.status).toBe('working');
    const res = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(res.structuredContent).toEqual({ mode: 'paper', data: plain(r.deps.jobs!.get(task.taskId)) });
    expect((res.structuredContent as { data: { state: string } }).data.state).toBe('done');
    expect(res.content).toEqual([{ type: 'text', text: `job ${task.taskId} done; poll it with get_job [paper]` }]);
    await client.close();
  });

  it('a job that fails is a tool error saying why, waited for or as a task; the job is still in structuredContent', async () => {
    const client = await connect(agent);
    // Valid input, but the work refuses it when it runs: no date of the dataset in the window.
    const args = { data: 'sim:NIFTY:3:2026-01-05:1', from: '2027-01-01' };
    const waited = (await client.callTool({ name: 'run_backtest', arguments: args }, undefined, { onprogress: () => undefined })) as CallToolResult;
    expect(waited.isError).toBe(true);
    expect(waited.content).toHaveLength(1);
    expect((waited.content[0] as { text: string }).text).toMatch(/^job \S+ failed: .*no dates of sim:NIFTY:3:2026-01-05:1 in the window.* \[paper\]$/);
    expect((waited.structuredContent as { data: { state: string } }).data.state).toBe('failed');
    const { task } = await callAsTask(client, 'run_backtest', { ...args, from: '2027-02-01' });
    const res = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(res.isError).toBe(true);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('failed');
    expect(res.structuredContent).toEqual({ mode: 'paper', data: plain(r.deps.jobs!.get(task.taskId)) });
    await client.close();
  });

  it('a task cancelled is cancelled and so is its job, through jobs.cancel as the agent its scope allows; cancelling it again is refused', async () => {
    expect(allowed(operation('jobs.cancel')!, 'agent')).toBe(true);
    const client = await connect(agent);
    const { task } = await callAsTask(client, 'run_backtest', LONG);
    expect(task.status).toBe('working');
    expect(r.deps.jobs!.get(task.taskId).state).toMatch(/queued|running/);
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(r.deps.jobs!.get(task.taskId).state).toBe('cancelled');
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('cancelled');
    const res = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect((res.structuredContent as { data: { state: string } }).data.state).toBe('cancelled');
    await expect(client.experimental.tasks.cancelTask(task.taskId)).rejects.toThrow(/terminal status: cancelled/);
    await client.close();
  });

  it('a principal whose scope may not cancel jobs cannot cancel a task: refused FORBIDDEN, the job runs on', async () => {
    expect(allowed(operation('jobs.cancel')!, 'automation')).toBe(false);
    const store = new JobTaskStore({ deps: r.deps, principal: { name: 'hook', scope: 'automation', tokenId: null } });
    const job = r.deps.jobs!.submit('backtest', { days: 40, seed: 11 }, 'test');
    await store.createTask({ context: { jobId: job.id } }, 1, { method: 'tools/call', params: { name: 'run_backtest' } });
    await expect(store.updateTaskStatus(job.id, 'cancelled')).rejects.toThrow(/FORBIDDEN.*automation/);
    expect(r.deps.jobs!.get(job.id).state).toMatch(/queued|running/);
    expect((await store.getTask(job.id))!.status).toBe('working');
    r.deps.jobs!.cancel(job.id);
  });

  it('another session cannot list, get, read or cancel a session’s task', async () => {
    const owner = await connect(agent);
    const other = await connect(agent);
    const { task } = await callAsTask(owner, 'run_backtest', { ...LONG, seed: 12 });
    expect((await owner.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toContain(task.taskId);
    expect((await other.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).not.toContain(task.taskId);
    await expect(other.experimental.tasks.getTask(task.taskId)).rejects.toThrow(/not found/i);
    await expect(other.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)).rejects.toThrow(/not found/i);
    await expect(other.experimental.tasks.cancelTask(task.taskId)).rejects.toThrow(/not found/i);
    expect(r.deps.jobs!.get(task.taskId).state).toMatch(/queued|running/);
    expect((await owner.experimental.tasks.cancelTask(task.taskId)).status).toBe('cancelled');
    await owner.close();
    await other.close();
  });

  it('a tool that is not a job refuses a task with -32601, as does a tool outside the scope; bad input is refused naming the field and makes no task', async () => {
    const client = await connect(agent);
    const refusal = async (name: string, args: Record<string, unknown>): Promise<McpError> => {
      const e: unknown = await callAsTask(client, name, args).then(() => null, (x: unknown) => x);
      expect(e, name).toBeInstanceOf(McpError);
      return e as McpError;
    };
    const status = await refusal('get_status', {});
    expect(status.code).toBe(-32601);
    expect(status.message).toMatch(/get_status does not run as a task/);
    const outside = await refusal('apply_params', { id: 1 });
    expect(outside.code).toBe(-32601);
    expect(outside.message).toMatch(/FORBIDDEN.*agent scope/);
    const bad = await refusal('run_backtest', { days: 0 });
    expect(bad.code).toBe(-32602);
    expect(bad.message).toMatch(/INVALID_INPUT.*days/);
    expect((await client.experimental.tasks.listTasks()).tasks).toEqual([]);
    const plainCall = (await client.callTool({ name: 'get_status', arguments: {} })) as CallToolResult;
    expect(plainCall.isError).toBeFalsy();
    await client.close();
  });
});
