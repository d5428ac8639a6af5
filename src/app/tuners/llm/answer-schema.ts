/** The answer a model gives the LLM tuner, as the JSON Schema each provider's structured output carries: an assessment and at most a few proposals, each a list of field changes with a rationale. */
import { TUNABLE_FIELDS } from '../tunable-fields.js';

/** The tool (Anthropic), response format (OpenAI) name of the answer. */
export const ANSWER_NAME = 'propose_parameters';
export const ANSWER_DESCRIPTION = 'Give your assessment of the agent’s trading and up to 3 parameter proposals (none when nothing should change).';
/** Proposals read from one answer; more are refused. Each starts a gate backtest. */
export const MAX_PROPOSALS = 3;
/** Governance's limit on a rationale. */
export const MAX_RATIONALE = 4000;

/**
 * Every object closed and every property required, as OpenAI's strict mode wants; changes are a list of
 * {field, value} rather than an object with ~90 optional keys, so that strict mode can carry it. Sizes
 * (at most 3 proposals) are checked when the answer is read, not here: not every provider takes them.
 */
export const ANSWER_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  additionalProperties: false,
  required: ['assessment', 'proposals'],
  properties: {
    assessment: { type: 'string', description: 'What the figures say about the strategy, in a few sentences.' },
    proposals: {
      type: 'array',
      description: `At most ${MAX_PROPOSALS}; an empty list when nothing should change.`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['changes', 'rationale'],
        properties: {
          changes: {
            type: 'array',
            description: 'The parameters to change together, each once.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['field', 'value'],
              properties: {
                field: { type: 'string', enum: [...TUNABLE_FIELDS.keys()], description: 'A parameter you may change.' },
                value: { anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string' }], description: 'Its new value, of the parameter’s type and within its bounds and the step limit.' },
              },
            },
          },
          rationale: { type: 'string', description: 'Why, citing the figures; at most a paragraph.' },
        },
      },
    },
  },
};
