/** The stderr line prefix reportPeakRss writes and runAll reads. */
export const PEAK_RSS_MARKER = '__LEADLOOP_BENCH_PEAK_RSS_KB=';
