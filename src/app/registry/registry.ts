/** Every operation of the command surface, once. The CLI, REST and MCP mount this list; none redeclares a field. */
import { executionQualityOp, getAnalyticsOp, listTradesOp } from '../operations/book-ops.js';
import { forceExit, getStatus, killEngine, listPositions, pauseEntries, previewEngineOp, resumeEntries, setEntries, startEngine, stopEngine } from '../operations/engine-ops.js';
import { doctorOp, getConfigOp, healthOp, whoamiOp } from '../operations/system-ops.js';
import { getRiskOp, getTradeOp, pnlSeriesOp } from '../operations/trade-ops.js';
import { tradePremiumOp } from '../operations/trade-premium-op.js';
import { getExperimentOp, leaderboardOp, listExperimentsOp, metaAnalysisOp, reviewExperimentOp, submitExperimentOp } from '../operations/experiment-ops.js';
import { agentBestOp, agentCompareOp, agentIdeasOp, agentStatusOp, agentSuggestOp, agentSummaryOp } from '../operations/agent-api-ops.js';
import { cancelJobOp, compareRunsOp, getJobOp, listJobsOp, submitBacktestOp, submitSweepOp, submitWalkForwardOp } from '../operations/job-ops.js';
import { ingestManualTradesOp, listAuditOp } from '../operations/manual-ops.js';
import { createWebhookOp, deleteWebhookOp, listWebhooksOp, testWebhookOp, webhookDeliveriesOp } from '../operations/webhook-ops.js';
import { createLockOp, deleteLockOp, listLocksOp, manageLocksOp } from '../operations/lock-ops.js';
import { createHookOp, deleteHookOp, listHooksOp } from '../operations/hook-ops.js';
import { listLogsOp } from '../operations/log-ops.js';
import {
  applyProposalOp,
  approveProposalOp,
  confirmProposalOp,
  confirmRollbackOp,
  createProposalOp,
  gateProposalOp,
  getGovernanceSettingsOp,
  getProposalOp,
  getVersionOp,
  listProposalsOp,
  listVersionsOp,
  rejectProposalOp,
  rollbackOp,
  updateGovernanceSettingsOp,
} from '../operations/governance-ops.js';
import { runBacktestOp } from '../operations/backtest-run-op.js';
import { armLiveOp, decideArmingOp, disarmLiveOp, listArmingOp, liveStatusOp, requestArmingOp } from '../operations/live-ops.js';
import { getTunerConfigOp, getTunerRunOp, listTunerRunsOp, runTunerOp, updateTunerConfigOp } from '../operations/tuner-ops.js';
import { configureBanditOp, getBanditOp, stepBanditOp } from '../operations/bandit-ops.js';
import { reconcileDayOp, scheduledReconciliationOp } from '../operations/reconcile-ops.js';
import type { LocalOperation, Operation } from './operation.js';

export const OPERATIONS: readonly Operation[] = [
  healthOp,
  getStatus,
  startEngine,
  setEntries,
  forceExit,
  listPositions,
  pauseEntries,
  resumeEntries,
  killEngine,
  stopEngine,
  previewEngineOp,
  listTradesOp,
  getTradeOp,
  tradePremiumOp,
  pnlSeriesOp,
  getRiskOp,
  listLocksOp,
  createLockOp,
  deleteLockOp,
  manageLocksOp,
  getAnalyticsOp,
  executionQualityOp,
  getConfigOp,
  reconcileDayOp,
  submitBacktestOp,
  submitSweepOp,
  submitWalkForwardOp,
  compareRunsOp,
  getJobOp,
  listJobsOp,
  cancelJobOp,
  ingestManualTradesOp,
  listAuditOp,
  listLogsOp,
  doctorOp,
  submitExperimentOp,
  listExperimentsOp,
  getExperimentOp,
  leaderboardOp,
  reviewExperimentOp,
  metaAnalysisOp,
  createWebhookOp,
  listWebhooksOp,
  deleteWebhookOp,
  testWebhookOp,
  webhookDeliveriesOp,
  createHookOp,
  listHooksOp,
  deleteHookOp,
  agentSummaryOp,
  agentBestOp,
  agentCompareOp,
  agentSuggestOp,
  agentIdeasOp,
  agentStatusOp,
  createProposalOp,
  listProposalsOp,
  getProposalOp,
  gateProposalOp,
  approveProposalOp,
  confirmProposalOp,
  applyProposalOp,
  rejectProposalOp,
  listVersionsOp,
  getVersionOp,
  confirmRollbackOp,
  rollbackOp,
  getGovernanceSettingsOp,
  updateGovernanceSettingsOp,
  runTunerOp,
  listTunerRunsOp,
  getTunerRunOp,
  getTunerConfigOp,
  updateTunerConfigOp,
  getBanditOp,
  configureBanditOp,
  stepBanditOp,
  requestArmingOp,
  listArmingOp,
  decideArmingOp,
  liveStatusOp,
  whoamiOp,
  scheduledReconciliationOp,
  armLiveOp,
  disarmLiveOp,
] as unknown as readonly Operation[];

/**
 * Operations run in the caller's own process and never mounted by the daemon, whose event loop does no
 * long work (it offers the same work as a job): the CLI calls them through invoke.
 */
export const LOCAL_OPERATIONS: readonly LocalOperation[] = [runBacktestOp] as unknown as readonly LocalOperation[];

/** The operation named `name`, or undefined. */
export function operation(name: string): Operation | undefined {
  return OPERATIONS.find((o) => o.name === name);
}
