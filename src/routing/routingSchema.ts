import { z } from 'zod';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof DAYS)[number];
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone, e.g. Europe/Madrid');

export const businessHoursSchema = z
  .strictObject({
    timezone: timeZone,
    days: z.array(z.enum(DAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clock.default('09:00'),
    end: clock.default('18:00'),
    /** Local dates (YYYY-MM-DD) with no business hours. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  })
  .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** A rep: a CRM user id or the user's e-mail (resolved against the CRM's users at run time). */
const memberSchema = z.strictObject({
  user: z.string().min(1),
  /** Relative share of new leads (2 = twice as many as 1). */
  capacity: z.number().positive().default(1),
  /** New leads per local day at most; null = no cap. */
  dailyCap: z.number().int().positive().nullable().default(null),
});

const teamSchema = z.strictObject({
  name: z.string().min(1).optional(),
  members: z.array(memberSchema).min(1),
  hours: businessHoursSchema,
  /** Business hours a new MQL's owner has to act. */
  slaHours: z.number().positive().default(4),
  /** Who hears about breaches (user id or e-mail). */
  lead: z.string().min(1).optional(),
  /** Slack-compatible incoming webhook ({"text": …}) told about this team's hand-overs; overrides `notifications.webhookUrl`. A secret. */
  webhookUrl: z.url().optional(),
});
export type TeamConfig = z.infer<typeof teamSchema>;

const conditionSchema = z
  .strictObject({
    country: z
      .array(
        z
          .string()
          .length(2)
          .transform((c) => c.toUpperCase()),
      )
      .optional(),
    grade: z.array(z.enum(['A', 'B', 'C', 'D'])).optional(),
    source: z.array(z.string().min(1)).optional(),
    /** Keywords (accents and case ignored) the industry contains. */
    industry: z.array(z.string().min(1)).optional(),
    minEmployees: z.number().int().nonnegative().optional(),
    maxEmployees: z.number().int().nonnegative().optional(),
    fastLane: z.boolean().optional(),
  })
  .default({});
export type RuleCondition = z.infer<typeof conditionSchema>;

type Action = { user: string } | { queue: string } | { roundRobin: string } | { accountOwner: true; otherwise: Action };
const actionSchema: z.ZodType<Action> = z.lazy(() =>
  z.union([
    z.strictObject({ user: z.string().min(1) }),
    z.strictObject({ queue: z.string().min(1) }),
    z.strictObject({ roundRobin: z.string().min(1) }),
    z.strictObject({ accountOwner: z.literal(true), otherwise: actionSchema }),
  ]),
);
export type RoutingAction = Action;

const ruleSchema = z.strictObject({
  name: z.string().min(1),
  when: conditionSchema,
  assign: actionSchema,
  /** Team whose hours and SLA apply (default: the round-robin team, else the first team). */
  team: z.string().min(1).optional(),
});
export type RoutingRule = z.infer<typeof ruleSchema>;

/** SMTP server for hand-over and escalation e-mails; each key overrides its LEADLOOP_SMTP_* setting. The password is only read from LEADLOOP_SMTP_PASSWORD. */
const smtpSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required (587); `none`: plain text (a local relay only). */
  secure: z.enum(['tls', 'starttls', 'none']).optional(),
  user: z.string().min(1).optional(),
  from: z.string().min(3).optional(),
});
export type SmtpOverrides = z.infer<typeof smtpSchema>;

export const routingSchema = z
  .strictObject({
    teams: z.record(z.string().regex(/^[a-z0-9_-]+$/, 'team keys are lowercase words'), teamSchema),
    rules: z.array(ruleSchema).min(1),
    escalation: z
      .strictObject({
        /** On an SLA breach: tell the team lead, give the lead to the next rep, or both. */
        action: z.enum(['notify', 'reassign', 'notify_and_reassign']).default('notify'),
        /** Slack-compatible incoming webhook ({"text": …}); the URL is a secret. */
        webhookUrl: z.url().optional(),
        /** Also e-mail each team's lead (`teams.<key>.lead`) the list of their team's breaches. */
        email: z.boolean().default(false),
      })
      .default({ action: 'notify', email: false }),
    /** Hand-over notifications, sent once per hand-over after the lead's state is stored. */
    notifications: z
      .strictObject({
        /** Slack-compatible incoming webhook for every team without its own `webhookUrl`. A secret. */
        webhookUrl: z.url().optional(),
        /** E-mail the rep who gets the lead (their address from the CRM's users). */
        email: z.boolean().default(false),
        smtp: smtpSchema.optional(),
      })
      .default({ email: false }),
    /** When a rep returns a lead to marketing: add it to this nurture campaign (Salesforce Campaign id, Sugar ProspectList id). */
    recycle: z
      .strictObject({
        campaign: z
          .string()
          .min(1)
          .regex(/^[A-Za-z0-9-]+$/, 'a CRM record id'),
      })
      .optional(),
    /** Language of the hand-over task a rep reads: `owner` follows the rep's CRM language (both when unknown). */
    language: z.enum(['owner', 'en', 'es', 'both']).default('owner'),
  })
  .superRefine((config, ctx) => {
    const teams = new Set(Object.keys(config.teams));
    const check = (action: Action, path: (string | number)[]) => {
      if ('roundRobin' in action && !teams.has(action.roundRobin))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `unknown team "${action.roundRobin}" (teams: ${[...teams].join(', ')})`,
        });
      if ('accountOwner' in action) check(action.otherwise, [...path, 'otherwise']);
    };
    config.rules.forEach((rule, i) => {
      check(rule.assign, ['rules', i, 'assign']);
      if (rule.team && !teams.has(rule.team))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'team'], message: `unknown team "${rule.team}"` });
    });
    if (!teams.size) ctx.addIssue({ code: 'custom', path: ['teams'], message: 'at least one team' });
  });
export type RoutingConfig = z.infer<typeof routingSchema>;
