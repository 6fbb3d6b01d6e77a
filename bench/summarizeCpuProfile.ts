/**
 * Sums a `node --cpu-prof` profile per function: self time (by name and source line) and
 * inclusive time (by name, each sample counted once per function on its stack), as shares of
 * the profile's total. Run: `node dist/bench/summarizeCpuProfile.js <file.cpuprofile> [top]`.
 * Not part of the test suite.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: node dist/bench/summarizeCpuProfile.js <file.cpuprofile> [top]');
  const top = Number(topArg ?? 30);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName || '(anonymous)';
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const print = (title: string, table: Map<string, number>) => {
    console.log(`--- ${title}`);
    for (const [key, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  };
  console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
  print('self', self);
  print('inclusive (by function name)', inclusive);
}

main();
