/** The help of `scalper` and of each command (`scalper COMMAND --help`), and the version from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../adapters/rate-cards.js';
import { MCP_HELP } from '../../mcp-server/bridge-help.js';

const PRESETS = `Presets: sensex_expiry sensex_normal nifty_expiry nifty_normal sniper_quality momentum_scalper
         balanced_trader auto_adaptive`;

const COMMON = `Every command: --help shows its help. Errors print "scalper: <message>" (and "hint: …") on stderr and
exit 2 for input to fix (the flag or field is named; nothing is created or changed), 3 when something is
unavailable (a database file unusable), 1 for a bug (SCALPER_DEBUG=1 prints its stack). With --json the
error is also printed on stdout as {"error":{"code","message","issues":[{"field","rule"}],"hint"}}.
A negative value is written --flag=-1 or --flag -1.`;

const PROGRESS = `Progress: long work shows a progress line on stderr when stderr is a terminal; --progress prints it
(a line every 10 %) also when it is not.`;

export const MAIN_HELP = `scalper — a deterministic options scalper with a market simulator

Usage: scalper COMMAND [flags]      scalper COMMAND --help      scalper --version

Commands:
  serve          the agent as a service: paper-trades the simulator, storing every event in SQLite
  backtest       a backtest on the simulator (--sim) or on recorded, real or simulated data (--data)
  sweep          a parameter sweep (grid or random) on worker threads
  walk-forward   rolling train/test windows: the best combo of each train window, run out of sample
  compare        two backtest runs compared by a seeded bootstrap of net P&L per trade
  import         convert CSV/NDJSON/panels/bars into binary tick recordings
  manual-trades  store the trader's own ENTRY/EXIT events in the manual book
  analytics      the report of a book (the agent's or the manual one), net of charges
  trades         the closed trades of a book
  experiments    the experiment queue: add, list, show, run, leaderboard, meta
  params         every parameter with its default, range, unit and description; versions, rollback
  proposals      parameter proposals: list, show, propose, approve, confirm, apply, reject
  tune           run the tuner (anthropic, openai, ollama or offline) in the daemon; its runs, config, schedule
  arm-live       arm live trading for a bounded time, disarm it, decide requests to arm it
  mcp            the MCP server on stdio (Claude Desktop): a bridge to the daemon, started if none runs
  token          bearer tokens of the REST API: create, list, revoke
  hook           inbound hooks (pause, resume, kill, submit-experiment) for alerting systems
  doctor         checks Node, the configuration, the databases, the engine lock and the API port
  worker         runs research jobs from a Redis queue (--queue redis://HOST:PORT) on this machine

The databases live in --db-dir DIR, else $SCALPER_DB_DIR, else ./db.

On Linux, backtest, sweep, walk-forward, compare, import, experiments run and worker start again under
glibc malloc tunables that make loading tick data faster (docs/cli.md); SCALPER_MALLOC=default declines.

${PRESETS}

${COMMON}
`;

const SERVE = `Usage: scalper serve [--sim-speed N|max] [--db-dir DIR] [--preset P] [--seed S] [--days N]
                    [--start-date YYYY-MM-DD] [--print-acks] [--queue-capacity N] [--experiments N]
                    [--record] [--recordings-max-gb N] [--http HOST:PORT | --no-http] [--allow-remote]
                    [--status-every S] [--feed sim|openalgo [--mode paper|analyzer|live]]
                    [--queue local|redis://HOST:PORT[/DB]]

The agent as a service: paper-trades the simulator at N× real time (default 1; "max" as fast as it
can), storing every trade event in SQLite under DIR. Restarts resume where the last committed event
left off. Ctrl-C stops (positions persist); a second Ctrl-C stops at once.

  --preset P             parameter preset (default nifty_normal)
  --seed S               seed of the simulated market and the paper fills, 0..4294967295 (default 1)
  --days N               trading days to simulate, 1..250 (default 250)
  --start-date D         first simulated date (default 2026-01-05)
  --sim-speed N|max      simulated ms per wall ms, > 0 (default 1)
  --queue-capacity N     events queued for the writer, ≥ 2 (default 50000)
  --queue Q              where research jobs (backtests, sweeps, walk-forwards, gates) run: local worker
                         threads (default, or $SCALPER_QUEUE), or redis://HOST:PORT[/DB] for \`scalper worker\`
                         processes on any machine (docs/queue.md)
  --experiments N        experiment stages run at once in the background, 0..16 (default 1; 0 off)
  --record               also record the simulated ticks (about 13 MB a day) under DIR/recordings
  --recordings-max-gb N  keep at most N GB of recordings, oldest days deleted first (default 10)
  --print-acks           print "ack <event ids>" on stdout as events are committed
  --http HOST:PORT       the REST API (docs/api.md), default 127.0.0.1:7878 or $SCALPER_HTTP; port 0 picks one
  --no-http              no REST API
  --allow-remote         allow a non-loopback --http address (the API can pause and kill the engine;
                         put TLS in front); refused without it
  --feed openalgo        paper-trade OpenAlgo's live data instead of the simulator (OPENALGO_URL,
                         OPENALGO_WS_URL, OPENALGO_API_KEY; docs/openalgo.md); ticks are recorded
  --mode M               with --feed openalgo: paper (default: our paper broker on live data),
                         analyzer (orders to OpenAlgo's sandbox; its analyzer mode must be on) or
                         live (the broker; refused unless the trader armed it: scalper arm-live arm)
  --status-every S       write the status line every S seconds, 0..86400 (0: never; default 2, or
                         redrawn 4 times a second on a terminal)

The status line (stderr) fits one 80-column line on a terminal (one line every 2 s otherwise); when
the trading date changes a line "day YYYY-MM-DD done: …" gives the day's trades and realised net.
Log lines are JSON on stderr; money in them is rupees, as on the display.
`;

const BACKTEST = `Usage: scalper backtest --sim [--days N] [--seed S] [--preset P] [--underlying NIFTY|SENSEX]
                        [--start-date YYYY-MM-DD] [--lot-size N] [common flags]
       scalper backtest --data FILE|sim:U:SEED:START:DAYS [--from D] [--to D] [--capital X]
                        [--seed S] [--db-dir DIR] [data flags] [common flags]

--sim: a backtest on N seeded simulated days (default 3, at most 250) from --start-date (default
2026-01-05); weekends and exchange holidays are skipped, each date trades the lot size and expiry in
force then; --lot-size N fixes the lot. --underlying defaults to SENSEX for sensex_* presets, else NIFTY.

--data: a backtest on recorded or real data (recordings, tick/bar CSV or NDJSON, CE/PE panels) or on
the simulator as sim:UNDERLYING:SEED:START:DAYS; --from/--to narrow the dates. Results are keyed by a
run key and stored under --db-dir, so a repeat returns the stored result.

Seed: one seed drives the simulated market and the paper fills' slippage draws. With --sim it is
--seed (default 1). With --data sim:U:SEED:… it is that SEED (so --sim --seed 7 and --data
sim:NIFTY:7:… give the same trades); --seed may repeat it, a different --seed is refused. With a
data file, --seed seeds the fills (default 1).

Common flags:
  --preset P            parameter preset (default nifty_normal)
  --params FILE         JSON object of parameter overrides on top of the preset (validated)
  --latency-ms N        paper fill latency 0..10000 (default 100)
  --slippage-ticks N    adverse ticks on every paper fill 0..20 (default 0)
  --slippage-prob X     chance of one more adverse tick 0..1 (default 0.25)
  --rate-card ID        pin one charges rate card (e.g. legacy-original)
  --json                one JSON object on stdout (money in rupees)
  --queue Q             local (default, or $SCALPER_QUEUE), or redis://HOST:PORT[/DB]: run it on a
                        \`scalper worker\` through Redis (same result; data, lot-size and --db-dir flags do not apply)
  --progress            progress on stderr even when it is not a terminal

Data flags (--data only): --columns role=col,… --synthetic-options iv=…,… --strike K --expiry D
  --lot-size N --utc-offset-min N --symbol S  (see docs/data-import.md)
--from, --to, --capital, --db-dir and the data flags apply to --data only; --days, --underlying and
--start-date to --sim only: a flag that does not apply is refused.

Progress: a progress line on stderr per day (simulated, or of the --data window) when stderr is a
terminal; --progress prints it (a line every 10 %) also when it is not.

${PRESETS}
`;

const SWEEP = `Usage: scalper sweep --data REF (--grid "p=1,2,3;q=a:b:step" | --random "p=a:b;q=x,y" [--samples N])
                     [--seed S] [--preset P] [--workers N | --queue redis://HOST:PORT] [--json] [--progress] [data flags]

A parameter sweep on worker threads; identical results for any worker count. Axes are checked against
the parameter schema before anything runs; combos that break a cross-field rule are listed and skipped.
  --grid          every combination: lists (1,2,3) or ranges min:max:step
  --random        --samples N draws (default 20) from ranges min:max or lists
  --seed S        one seed (as for backtest): the fills' seed and the random draws'; for a sim: REF it
                  is the REF's seed (a different --seed is refused); default 1 otherwise
  --workers N     worker threads 1..64 (default: the cores, at most 8)
  --queue Q       local (the default, or $SCALPER_QUEUE), or redis://HOST:PORT[/DB]: the combos go to
                  \`scalper worker\` processes on any machine through Redis (BullMQ), in cells; the data file
                  travels by content hash. Same results as local. Data flags do not apply (import first).

${PROGRESS}
`;

const WORKER = `Usage: scalper worker --queue redis://HOST:PORT[/DB] [--concurrency N] [--stall-ms MS] [--cache-dir DIR]

Runs research jobs (backtests, sweep cells, walk-forwards, comparisons and gate backtests, offline tuning)
that a daemon (\`scalper serve --queue\`) or \`scalper sweep --queue\` put in the Redis queue, on worker
threads of this process. Start as many as you like, on any machine with the project installed. A job
whose worker dies is retried by another one; every result is stored once. Ctrl-C finishes the running
jobs first; a second Ctrl-C abandons them to the other workers. See docs/queue.md.

  --concurrency N  jobs at once, 1..64, one thread each (default: the cores less one, at least 1)
  --stall-ms MS    a job whose worker has not renewed its lock for this long is retried elsewhere,
                   1000..600000 (default 30000)
  --cache-dir DIR  downloaded datasets (checked by SHA-256) and this worker's own backtest cache
                   (default DB-DIR/worker-cache)
`;

const WALK_FORWARD = `Usage: scalper walk-forward --data REF (--grid "p=1,2,3;q=a:b:step" | --random "p=a:b;q=x,y" [--samples N])
                            --train-days N --test-days N [--step-days N] [--objective O] [--min-trades N]
                            [--preset P] [--params FILE] [--seed S] [--json] [--progress] [data flags]

Walk-forward validation (the same work as POST /api/v1/walk-forward, run in this process). The dates of
REF are cut into rolling windows: each trains on --train-days trading dates and tests on the next
--test-days; windows start --step-days apart (default --test-days; at least --test-days). In each window
every combo of the space is backtested on the train dates, the best by --objective is chosen, and it is
backtested on the test dates. Prints each window's choice and figures in and out of sample, the
out-of-sample total and the efficiency (out-of-sample ÷ in-sample net P&L per day).
  --grid, --random  the space, as for scalper sweep (--samples N draws, default 20)
  --objective O     netPnl (default), expectancy (net per trade) or sharpe (needs --train-days ≥ 2);
                    ties go to the lowest combo index
  --min-trades N    trades a combo needs on the train dates to be chosen (default 1); a window where none
                    qualifies trades nothing on its test dates
  --params FILE     JSON overrides on top of the preset: the base every combo is laid on
  --seed S          the one seed (fills and random draws); a sim: REF's own seed by default
Every run uses a backtest's default fills (latency 100 ms, no slippage ticks, 0.25 slippage chance) and
capital, so a window's out-of-sample figures equal scalper backtest --data REF --from/--to its test dates
with the chosen overrides. Money in the dataset's currency (rupees for Indian data), as strings.

${PROGRESS}
`;

const COMPARE = `Usage: scalper compare --a SIDE --b SIDE [--seed S] [--resamples N] [--confidence C] [--db-dir DIR]
                       [--json] [--progress]

Compares two backtest runs (the same work as POST /api/v1/backtests/compare, run in this process): the
mean net P&L per trade of A and B, B − A, and a seeded bootstrap percentile interval of B − A; B is
better when the interval lies above 0.
  SIDE             a backtest as JSON ('{"days":5,"seed":7}' on the simulator, '{"data":"REF",...}' on
                   data; the fields of POST /api/v1/backtests), @FILE holding one, or the id of a done
                   backtest job in DIR/control.sqlite (the daemon's)
  --seed S         seed of the bootstrap draws (default 1)
  --resamples N    bootstrap resamples, 1..100000 (default 2000)
  --confidence C   two-sided confidence in (0, 1) (default 0.95)
A backtest on data stores its run in DIR/control.sqlite, as scalper backtest --data does.

${PROGRESS}
`;

const IMPORT = `Usage: scalper import INPUT --out DIR [data flags] [--json]

Converts a CSV, CSV.gz, NDJSON, panel or bar file into binary tick recordings (one .ticks file per
date, each with a .meta.json), loaded about 4× faster and with no flags afterwards. Never overwrites a
recording; on failure nothing is left behind.
Data flags: --columns role=col,… --synthetic-options iv=…,… --strike K --expiry D --lot-size N
  --utc-offset-min N --symbol S  (see docs/data-import.md)
`;

const MANUAL = `Usage: scalper manual-trades FILE|- [--db-dir DIR] [--json]

Stores the trader's own ENTRY/EXIT events in the manual book (never mixed with the agent's). The file
(or stdin with -) holds {"events": [...]}, at most 1000 events; the whole batch is stored in one
transaction or refused, naming each field (events.N.field) and rule. Resending an event is a no-op.

Each event:
  eventId   unique id of the event (1..128 characters)
  tradeId   shared by the ENTRY and the EXIT(s) of one trade
  type      ENTRY (buys the option) or EXIT (sells it; partial exits allowed)
  source    scalping or chart
  mode      PAPER or LIVE (default LIVE)
  ts        epoch milliseconds, or ISO-8601 with an offset; not before 2000-01-01, not in the future
  underlying  an instrument of config/instruments.json: NIFTY or SENSEX
  exchange  the underlying's exchange or its options segment: NSE/NFO for NIFTY, BSE/BFO for SENSEX
  symbol    UNDERLYING + expiry DDMMMYY + strike + CE|PE, e.g. NIFTY06JAN2626000PE
  side      CE or PE, as the symbol ends
  qty       units (> 0, whole);  price  rupees (> 0, at most 2 decimals)
  action    optional: BUY for ENTRY, SELL for EXIT;  reason  optional text (the exit reason)

Example:
  {"events": [
    {"eventId": "e1", "tradeId": "t1", "type": "ENTRY", "source": "scalping", "ts": "2026-01-05T10:30:00+05:30",
     "underlying": "NIFTY", "exchange": "NFO", "symbol": "NIFTY06JAN2626000PE", "side": "PE", "qty": 65, "price": 120.5},
    {"eventId": "x1", "tradeId": "t1", "type": "EXIT", "source": "scalping", "ts": "2026-01-05T10:31:00+05:30",
     "underlying": "NIFTY", "exchange": "NFO", "symbol": "NIFTY06JAN2626000PE", "side": "PE", "qty": 65, "price": 118.25}
  ]}
`;

const FILTERS = `Filters: --mode PAPER|LIVE --source S --symbol S --side CE|PE --underlying U --preset P
  --params-version V --from T --to T (epoch ms or ISO; a bare date is 00:00 IST)
Reads the books read-only (also while serve runs); creates nothing. --db-dir must hold a database.`;

const ANALYTICS = `Usage: scalper analytics [--book auto|manual] [filters] [--bucket RUPEES] [--interval-min N] [--db-dir DIR] [--json]

The report of one book (default auto, the agent's), net of charges: summary, by exit reason, hour,
weekday, side, regime and parameter version, equity and P&L series, execution quality, distribution.
${FILTERS}
`;

const TRADES = `Usage: scalper trades [--book auto|manual] [filters] [--limit N] [--db-dir DIR] [--json]

The newest closed trades of one book (default auto; --limit default 100), oldest first.
${FILTERS}
`;

const EXPERIMENTS = `Usage: scalper experiments SUBCOMMAND [--db-dir DIR] [--json]

  add --title T --dataset REF [--overrides JSON|@FILE] [--preset P] [--hypothesis TEXT]
      [--target METRIC] [--quick-fraction X] [--submitter NAME] [--idempotency-key K]
        Queues an idea after validating it (the overrides against the parameter schema, the dataset).
        --title: 3..120 characters. --idempotency-key is optional: when absent it is derived from the
        idea's content, so the same command run twice queues the idea once; the same key with
        different content is refused. --submitter defaults to $USER.
        Targets: netPnlPerTrade (default), netPnl, sharpe, profitFactor, winRate, sqn.
  list [--status S] [--limit N]      the queue, newest first (limit 1..10000, default 100)
  show ID                            one experiment with its results
  review ID --approve|--reject [--note TEXT]
        The trader's verdict: approve a validated experiment; reject one (a waiting one leaves the
        queue; a running stage is not cut short).
  run [--progress]                   works through the queue in the foreground
  leaderboard [--limit N]            validated ideas (then quick passes) by their edge
  meta --dataset REF [--preset P] [--max N]   what tends to win; queues new ideas

Queries (list, show, leaderboard) create no database.
${PROGRESS}
`;

const TOKEN = `Usage: scalper token create --scope trader|agent|automation --name NAME [--db-dir DIR] [--json]
       scalper token list [--db-dir DIR] [--json]
       scalper token revoke ID [--db-dir DIR] [--json]

Bearer tokens of the REST API (docs/api.md). A token is printed once, at creation, and stored only as
its SHA-256 in DIR/control.sqlite; --json prints {"id","name","scope","token"}. Scopes: trader (every
operation), agent (reads, research, experiments, pause and kill), automation (status, pause, resume,
kill). list and revoke create nothing.
`;

const HOOK = `Usage: scalper hook create --action pause|resume|kill|submit-experiment --name NAME [--db-dir DIR] [--json]
       scalper hook list [--db-dir DIR] [--json]
       scalper hook revoke ID [--db-dir DIR] [--json]

Inbound hooks of the REST API (docs/api.md): an alerting system POSTs to /api/v1/hooks/ID with the
header X-Hook-Secret: SECRET (or Authorization: Bearer SECRET) and the hook does its one action, as
hook:NAME with the automation scope (a resume hook cannot resume after a kill). The secret is printed
once, at creation, and stored only as its SHA-256 in DIR/control.sqlite; --json prints the hook with
its secret. Works whether or not the daemon runs. list and revoke create nothing.
`;

const DOCTOR = `Usage: scalper doctor [--db-dir DIR] [--http HOST:PORT] [--queue redis://HOST:PORT] [--json]

Checks what the scalper needs here, each with a verdict (ok, warn, fail): Node's version, the
simulator and instrument tables, the rate cards (and which is in force today for NSE and BSE), the
database directory, each database (opened read-only: migrations current, SQLite quick_check), the
engine lock, whether the API port is free, and whether loading tick data gets huge pages for malloc
(glibc 2.35 or newer, transparent huge pages not off, SCALPER_MALLOC); with --queue (or $SCALPER_QUEUE) a Redis URL, that the
research queue's Redis answers, its version, an eviction policy that keeps jobs (noeviction), its
persistence, and the workers connected. Exits 3 when a check fails. Creates nothing.
`;

const PARAMS = `Usage: scalper params [--markdown]
       scalper params versions [--limit N] [--db-dir DIR] [--json]
       scalper params rollback VERSION [--confirmation-token T] [--db-dir DIR] [--json]

Every parameter with its default, allowed range, unit and description (JSON, or markdown).
versions lists the parameter versions (* marks the one in force); rollback puts an earlier version in
force again at the next tick. Both go through the running daemon of --db-dir (as the local trader, with
the token kept in DIR/trader.token); in live mode rollback needs a confirmation token.
`;

const ARM_LIVE = `Usage: scalper arm-live [status]
       scalper arm-live arm --minutes N [--note TEXT]
       scalper arm-live disarm [--note REASON]
       scalper arm-live list | approve ID [--minutes N] | refuse ID [--note TEXT]
       (each takes [--db-dir DIR] [--json])

Live trading through OpenAlgo needs the trader's arming, for 1 to 375 minutes (one session); it lapses
by itself and the kill switch ends it (docs/openalgo.md). Through the running daemon of --db-dir; with
none, arm, disarm and status act on the database, for the next \`serve --feed openalgo --mode live\`.
An assistant or agent can only ask (request_live_arming); list shows the requests, approve arms live
(default 30 min; it needs a daemon on --feed openalgo, else exit 3), refuse closes one.
`;

const PROPOSALS = `Usage: scalper proposals list [--status S] [--limit N] [--db-dir DIR] [--json]
       scalper proposals show ID
       scalper proposals propose --diff JSON|@FILE --rationale TEXT [--fitted-to YYYY-MM-DD]
       scalper proposals approve ID | confirm ID | apply ID [--confirmation-token T] | reject ID [--note TEXT]

Parameter proposals through the running daemon of --db-dir, as the local trader (docs/governance.md):
each is checked (schema, cross-field rules, step limit) and gated by a backtest on data it was not
fitted on; approve needs a passed gate, apply an approved proposal (in live mode with the token from
confirm, valid 60 s). Rationales from agents and tuners are shown as untrusted text.
`;

const TUNE = `Usage: scalper tune [--provider anthropic|openai|ollama|offline] [--model M] [--base-url URL] [--no-wait] [--db-dir DIR] [--json]
       scalper tune runs [--limit N]
       scalper tune config [--provider P] [--model M|default] [--base-url URL|default]
                           [--every MINUTES | --daily HH:MM | --schedule-off] [--timeout SECONDS] [--attempts N]

Runs the tuner in the running daemon of --db-dir, as the local trader (docs/tuning.md), and waits for the
run to end (--no-wait prints it running). It reads the agent's own closed trades (at least 30; fewer is a
recorded skip) and earlier proposals, and proposes through governance: each proposal is checked and
gated like any other, and only the trader applies. Left out, the provider, model and base URL are the
configured ones. Keys come from the daemon's environment: ANTHROPIC_API_KEY, OPENAI_API_KEY (Ollama and
the offline tuner need none). The run prints its outcome, proposals, and a note for every value clamped
or refused; the model's assessment is shown as untrusted text.

runs lists the latest runs. config shows the tuner's config, or changes it: the provider scheduled runs
use, its model and base URL (default: the provider's), the schedule (every N minutes, at least 15, or
daily at HH:MM exchange time), the per-attempt timeout (30..600 s) and attempts (1..5). Kept across
restarts.
`;

/** Help of each command. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  serve: SERVE,
  backtest: BACKTEST,
  sweep: SWEEP,
  worker: WORKER,
  'walk-forward': WALK_FORWARD,
  compare: COMPARE,
  import: IMPORT,
  'manual-trades': MANUAL,
  analytics: ANALYTICS,
  trades: TRADES,
  experiments: EXPERIMENTS,
  params: PARAMS,
  proposals: PROPOSALS,
  'arm-live': ARM_LIVE,
  mcp: `${MCP_HELP}
${COMMON}`,
  tune: TUNE,
  token: TOKEN,
  hook: HOOK,
  doctor: DOCTOR,
};

/** The version in package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
