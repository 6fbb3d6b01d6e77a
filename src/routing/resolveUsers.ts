import type { CrmUser } from '../domain/connector';

/** Looks reps up by CRM id or e-mail (case-insensitive), as routing files name them. */
export function createUserDirectory(users: CrmUser[]) {
  const byId = new Map(users.map((u) => [u.id, u]));
  const byEmail = new Map(users.filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u]));
  return {
    find: (ref: string): CrmUser | undefined => byId.get(ref) ?? byEmail.get(ref.trim().toLowerCase()),
    byId: (id: string | null | undefined): CrmUser | undefined => (id ? byId.get(id) : undefined),
  };
}
export type UserDirectory = ReturnType<typeof createUserDirectory>;
