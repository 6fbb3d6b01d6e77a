/** The stderr line prefix reportPeakRss writes and runAll reads. */
export const PEAK_RSS_MARKER = '__LEADLOOP_BENCH_PEAK_RSS_KB=';
/** The stderr line prefix for the process's CPU time (user + system), in microseconds. */
export const CPU_MARKER = '__LEADLOOP_BENCH_CPU_US=';
