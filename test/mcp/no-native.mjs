// Preloaded into the bridge under test: loading any native module (.node file) fails loudly, as it would in Claude Desktop's bundle runtime.
import process from 'node:process';
process.dlopen = (_module, filename) => {
  process.stderr.write(`NATIVE MODULE LOADED: ${filename}\n`);
  throw new Error(`the bridge loaded a native module: ${filename}`);
};
