/** The help of `scalper mcp`, shared by the CLI and the bridge's own entry point (the MCP Bundle). */
import { TOOLSETS } from './tool-table.js';

export const MCP_HELP = `Usage: scalper mcp [--db-dir DIR] [--read-only] [--toolsets a,b] [--no-start] [--serve-command PATH]

The MCP server on stdio, for Claude Desktop and other local MCP clients: a bridge to the daemon of the
database directory (its Streamable HTTP /mcp), as the local trader (the token in DIR/trader.token).
When no daemon is running it starts \`scalper serve --db-dir DIR\` in the background (output in
DIR/daemon.log) and says so; trading goes on when the chat app closes. Stdout carries the protocol
only; messages go to stderr.

  --db-dir DIR          the database directory (default $SCALPER_DB_DIR, else ./db)
  --read-only           list and allow only the tools that read
  --toolsets a,b        only these toolsets: ${TOOLSETS.join(', ')}
  --no-start            fail instead of starting a daemon when none is running
  --serve-command PATH  the scalper CLI to start a daemon with (a .js file runs with this Node);
                        default: the CLI of this installation; empty means the default
`;

