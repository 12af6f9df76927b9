#!/usr/bin/env node
// The genrepl command: a shim that loads the built CLI (npm install builds it).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('genrepl: not built yet (dist/ is missing). Run: npm install (or npm run build)\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
