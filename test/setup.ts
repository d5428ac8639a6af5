/** Test setup: property tests use a fixed fast-check seed so CI is reproducible; set FC_SEED to explore others. */
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? 20_260_105 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });

// Every `scalper serve` a test starts (in process or as a child) listens on a free port, never on 7878.
process.env.SCALPER_HTTP ??= '127.0.0.1:0';
