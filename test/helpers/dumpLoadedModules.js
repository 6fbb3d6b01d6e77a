// Preloaded into a child process by test/cli/processBoundaries.test.ts: on exit, writes the
// files the process had loaded (require.cache) to the path in LEADLOOP_TEST_MODULES_OUT.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  fs.writeFileSync(process.env.LEADLOOP_TEST_MODULES_OUT, JSON.stringify(Object.keys(require.cache)));
});
