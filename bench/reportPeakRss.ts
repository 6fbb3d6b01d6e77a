/**
 * Preloaded into a measured child (`node --require dist/bench/reportPeakRss.js …`): on exit
 * it writes the process's peak resident set size and its CPU time (user + system) to
 * stderr, where runAll reads them.
 */
import fs from 'node:fs';
import { CPU_MARKER, PEAK_RSS_MARKER } from './peakRssMarker';

process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeSync(2, `\n${PEAK_RSS_MARKER}${usage.maxRSS}\n${CPU_MARKER}${usage.userCPUTime + usage.systemCPUTime}\n`);
});
