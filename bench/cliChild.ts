/**
 * Runs one leadloop CLI command in this process and prints, as the last stdout line,
 * `{"bench": {"peakRssMb": …}}` — so the benchmark measures leadloop alone, without the
 * sandbox CRM (which lives in the parent process).
 */
import { main } from '../src/cli/main';

void main(process.argv.slice(2)).then((code) => {
  process.stdout.write(`\n${JSON.stringify({ bench: { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), exitCode: code } })}\n`);
  process.exit(code);
});
