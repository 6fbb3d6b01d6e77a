/**
 * Per-account sign-in back-off (issue 24, item 6): after `freeFailures` wrong passwords for
 * one e-mail, each further try of that account waits twice as long as the last (1 s, 2 s,
 * 4 s … capped), whatever address the tries come from. A successful sign-in clears the
 * account; successes never count. Unknown e-mails are tracked the same way, so the answers
 * do not tell which accounts exist. In memory: one web process guards its own door, and a
 * restart forgets (the IP limiter and the password rules stay).
 */
export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Accounts tracked at most (oldest forgotten first), so guessing names cannot fill memory. */
  maxAccounts?: number;
  now?: () => number;
}

export interface LoginThrottle {
  /** 0 when the account may try now, else how long it must wait. */
  waitMs(account: string): number;
  failed(account: string): void;
  succeeded(account: string): void;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const free = options.freeFailures ?? 5;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 15 * 60_000;
  const cap = options.maxAccounts ?? 10_000;
  const now = options.now ?? Date.now;
  const accounts = new Map<string, { failures: number; lockedUntil: number }>();
  const key = (account: string) => account.trim().toLowerCase().slice(0, 320);

  return {
    waitMs(account) {
      const entry = accounts.get(key(account));
      return entry ? Math.max(0, entry.lockedUntil - now()) : 0;
    },
    failed(account) {
      const k = key(account);
      const entry = accounts.get(k) ?? { failures: 0, lockedUntil: 0 };
      entry.failures += 1;
      if (entry.failures >= free) entry.lockedUntil = now() + Math.min(max, base * 2 ** (entry.failures - free));
      accounts.delete(k);
      accounts.set(k, entry);
      if (accounts.size > cap) accounts.delete(accounts.keys().next().value!);
    },
    succeeded(account) {
      accounts.delete(key(account));
    },
  };
}
