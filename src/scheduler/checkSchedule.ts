import cron from 'node-cron';

/**
 * Whether node-cron (the scheduler's engine) accepts a time zone and a cron expression,
 * checked the way the scheduler will use them: by building a task and never starting it.
 * One place for every entry point (API, console, CLI, repository) and the scheduler itself
 * (issue 24, item 7: `Mars/Olympus` once made the worker exit).
 */
export function timeZoneProblem(timezone: unknown): string | null {
  if (typeof timezone !== 'string' || !timezone || timezone.length > 64)
    return 'give an IANA time zone, e.g. Europe/Madrid';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return `"${timezone.slice(0, 64)}" is not an IANA time zone (e.g. Europe/Madrid)`;
  }
  return buildProblem('0 2 * * *', timezone)
    ? `"${timezone.slice(0, 64)}" is not a time zone the scheduler accepts (e.g. Europe/Madrid)`
    : null;
}

export function cronProblem(expression: unknown): string | null {
  if (typeof expression !== 'string' || !expression.trim() || expression.length > 100)
    return 'give a cron expression, e.g. "0 2 * * *"';
  if (!cron.validate(expression))
    return `"${expression.slice(0, 100)}" is not a cron expression (five fields: minute hour day month weekday, e.g. "0 2 * * *")`;
  return buildProblem(expression, 'UTC')
    ? `"${expression.slice(0, 100)}" is not a cron expression the scheduler accepts`
    : null;
}

/** Both, as one line, or null. */
export function scheduleProblem(schedule: {
  timezone?: unknown;
  schedule?: unknown;
  incrementalSchedule?: unknown;
}): string | null {
  const problems: string[] = [];
  if (schedule.timezone !== undefined) problems.push(...prefixed('time zone', timeZoneProblem(schedule.timezone)));
  if (schedule.schedule !== undefined) problems.push(...prefixed('schedule', cronProblem(schedule.schedule)));
  if (schedule.incrementalSchedule !== undefined && schedule.incrementalSchedule !== null)
    problems.push(...prefixed('frequent schedule', cronProblem(schedule.incrementalSchedule)));
  return problems.length ? problems.join('; ') : null;
}

function prefixed(what: string, problem: string | null): string[] {
  return problem ? [`${what}: ${problem}`] : [];
}

function buildProblem(expression: string, timezone: string): string | null {
  try {
    const task = cron.createTask(expression, () => undefined, { timezone });
    void task.destroy();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The next `count` times a cron expression fires in a time zone, as node-cron (the
 * scheduler's engine) computes them; [] when the expression or the zone is not accepted.
 */
export function nextRunTimes(expression: string, timezone: string, count = 5): Date[] {
  if (cronProblem(expression) || timeZoneProblem(timezone)) return [];
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}
