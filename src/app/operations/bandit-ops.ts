/** The bandit on the command surface: its state (bandit.get), its configuration (bandit.configure, the trader only) and a decision now (bandit.step, the trader only). */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { formatMajor } from '../../core/model/money.js';
import { BanditConfigureSchema, BanditSettingsSchema } from '../tuners/bandit/bandit-config.js';
import type { Bandit, BanditView } from '../tuners/bandit/bandit.js';
import { defineOperation } from '../registry/operation.js';
import { ProposalSchema } from './governance-ops.js';

const need = (deps: AppDeps): Bandit => {
  if (deps.bandit === undefined) throw new AppError('UNAVAILABLE', 'the bandit is not running in this process (it runs in `scalper serve`)');
  return deps.bandit;
};

const StepSchema = z
  .object({
    seq: z.number().describe('Order of the record.'),
    step: z.number().describe('Decisions taken when it happened.'),
    ts: z.number().describe('Wall time, epoch ms.'),
    feedTs: z.number().describe('Feed time, epoch ms.'),
    trigger: z.enum(['manual', 'trades']).describe('manual (bandit.step) or trades (every tradesPerStep closed trades, when enabled).'),
    outcome: z.enum(['proposed', 'stayed', 'waiting', 'refused']).describe('proposed a switch, stayed on the arm in force, waited on its last proposal, or refused (live without allowLive, a version in force that is none of its arms, governance said no).'),
    arm: z.number().nullable().describe('The arm chosen; null when no choice was made.'),
    proposalId: z.number().nullable().describe('The proposal it made.'),
    note: z.string().describe('Why, with each arm’s rewards at the time.'),
  })
  .describe('One decision of the bandit.');

const BanditViewSchema = z
  .object({
    configured: z.boolean().describe('False until the trader configures its arms.'),
    settings: BanditSettingsSchema.describe('Its settings.'),
    base: z
      .object({ version: z.string().describe('The frozen base version.'), preset: z.string().describe('Its preset.') })
      .nullable()
      .describe('The version in force when it was configured: it never moves.'),
    arms: z
      .array(
        z
          .object({
            index: z.number().describe('Arm number; 0 is the base.'),
            diff: z.record(z.string(), z.unknown()).describe('Parameter → value on the frozen base (absolute, never relative to another arm).'),
            version: z.string().describe('The version of the base with these values.'),
            inForce: z.boolean().describe('This arm’s version is in force.'),
            pulls: z.number().describe('Closed trades of the agent made with its version since the configuration.'),
            meanPerLot: z.string().nullable().describe('Mean net P&L per lot of those trades, rupees; null before the first.'),
          })
          .describe('An arm.'),
      )
      .describe('The arms, the base first.'),
    inForceArm: z.number().nullable().describe('The arm in force; null when the version in force is none of them (then it proposes nothing).'),
    steps: z.number().describe('Decisions taken.'),
    lastProposal: z.number().nullable().describe('The last switch it proposed.'),
    sinceTs: z.number().nullable().describe('Feed time of the configuration: trades before it belong to no arm.'),
    tradesSinceStep: z.number().describe('Closed trades since the last decision.'),
    recentSteps: z.array(StepSchema).describe('Its latest decisions, newest first.'),
  })
  .describe('The bandit.');

const plain = (v: BanditView): z.input<typeof BanditViewSchema> => ({
  ...v,
  settings: { ...v.settings },
  arms: v.arms.map((a) => ({ ...a, diff: { ...a.diff }, meanPerLot: a.meanPerLot === null ? null : formatMajor(Math.round(a.meanPerLot)) })),
  recentSteps: v.recentSteps.map((s) => ({ ...s })),
});

export const getBanditOp = defineOperation({
  name: 'bandit.get',
  summary: 'The bandit: its settings, frozen base, arms with their rewards (net P&L per lot of the trades made with each) and latest decisions.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/bandit' },
  input: z.object({}).strict().describe('Nothing.'),
  output: BanditViewSchema,
  handler: (deps: AppDeps) => plain(need(deps).view()),
});

export const configureBanditOp = defineOperation({
  name: 'bandit.configure',
  summary: 'Configure the bandit (the trader only): its arms (freezing the version in force as the base), enabled, algorithm, allowLive (off: paper only), tradesPerStep, seed. Fields left out keep their value.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/bandit' },
  input: BanditConfigureSchema.describe('The changes.'),
  output: BanditViewSchema,
  handler: (deps: AppDeps, input, ctx) => plain(need(deps).configure(input, ctx.principal)),
});

export const stepBanditOp = defineOperation({
  name: 'bandit.step',
  summary: 'Let the bandit decide now (the trader only): it proposes a switch to the arm its policy chooses (source bandit, gated like any proposal), stays, or says why not. In live only with allowLive.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/bandit/step' },
  input: z.object({}).strict().describe('Nothing.'),
  output: z
    .object({
      outcome: z.enum(['proposed', 'stayed', 'waiting', 'refused']).describe('What it did.'),
      arm: z.number().nullable().describe('The arm chosen; null when no choice was made.'),
      proposal: ProposalSchema.nullable().describe('The switch it proposed.'),
      note: z.string().describe('Why.'),
    })
    .describe('The decision.'),
  handler: (deps: AppDeps) => {
    const out = need(deps).step('manual');
    return { ...out, proposal: out.proposal === null ? null : (JSON.parse(JSON.stringify(out.proposal)) as z.input<typeof ProposalSchema>) };
  },
});
