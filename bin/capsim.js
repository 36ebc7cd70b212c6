#!/usr/bin/env node
// The entry point hands the model catalog to the library's CLI: src/ never imports models/.
import { ensureBuilt } from './ensure-built.js';

ensureBuilt();
const { CATALOG } = await import('../dist/models/catalog.js');
const { main } = await import('../dist/src/cli/main.js');

const code = await main(CATALOG, process.argv.slice(2));
// A failed command may leave handles open (worker threads, sockets): end the process with its code.
if (code !== 0) process.exit(code);
