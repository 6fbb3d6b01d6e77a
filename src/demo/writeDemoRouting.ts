import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { CrmUser } from '../domain/connector';
import { parseRouting } from '../routing/loadRouting';

/**
 * What an admin writes for the demo org: two teams of the CRM's active reps (Spanish-
 * and English-speaking markets), account owners first, weighted round-robin after.
 * Returns the file written (validated like any routing file).
 */
export function writeDemoRouting(dir: string, users: CrmUser[], integrationUserId: string): string {
  const reps = users
    .filter((u) => u.isActive && u.id !== integrationUserId && u.email)
    .sort((a, b) => a.id.localeCompare(b.id));
  if (reps.length < 2) throw new Error('the demo needs at least two active users to route to');
  const half = Math.ceil(reps.length / 2);
  const members = (list: CrmUser[]) =>
    list.map((u, i) => ({ user: u.email!, capacity: i % 3 === 0 ? 2 : 1, dailyCap: 40 }));
  const config = {
    language: 'both',
    teams: {
      latam_iberia: {
        name: 'Iberia & Latin America',
        members: members(reps.slice(0, half)),
        hours: { timezone: 'Europe/Madrid', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
        slaHours: 4,
        lead: reps[0]!.email,
      },
      north_america: {
        name: 'North America',
        members: members(reps.slice(half)),
        hours: {
          timezone: 'America/New_York',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          start: '09:00',
          end: '17:00',
        },
        slaHours: 8,
        lead: reps[half]!.email,
      },
    },
    rules: [
      {
        name: 'Existing accounts go to their owner',
        when: { grade: ['A', 'B'] },
        assign: { accountOwner: true, otherwise: { roundRobin: 'latam_iberia' } },
        team: 'latam_iberia',
      },
      {
        name: 'Spanish-speaking markets',
        when: { country: ['ES', 'MX', 'AR', 'CO', 'CL'] },
        assign: { roundRobin: 'latam_iberia' },
      },
      { name: 'Everyone else', when: {}, assign: { roundRobin: 'north_america' } },
    ],
    escalation: { action: 'notify_and_reassign' },
  };
  const text = `# Written by \`leadloop demo\` from the sandbox CRM's users (see definitions/routing.example.yaml)\n${stringify(config)}`;
  const file = path.join(dir, 'routing.yaml');
  parseRouting(text, file);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
