/**
 * Preloaded into a measured child (`node --require dist/bench/reportPeakRss.js …`): on exit
 * it writes the process's peak resident set size to stderr, where runAll reads it.
 */
import fs from 'node:fs';
import { PEAK_RSS_MARKER } from './peakRssMarker';

process.on('exit', () => {
  fs.writeSync(2, `\n${PEAK_RSS_MARKER}${process.resourceUsage().maxRSS}\n`);
});
