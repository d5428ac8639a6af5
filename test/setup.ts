/** Test setup: property tests use a fixed fast-check seed so CI is reproducible; set FC_SEED to explore others. */
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? 20_260_105 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });
