import type { ScoreSummary } from '../domain/score';
import type { CanonicalLead } from '../domain/lead';
import { buildHandoverTask, formatDue, leadName, topReasons, type HandoverContext } from './buildHandoverTask';

/** What a rep (e-mail) and a team's channel (webhook) are told about one hand-over. */
export interface HandoverMessage {
  subject: string;
  /** The e-mail body: the hand-over task's text (who, why now, what is missing, deadline, link). */
  text: string;
  /** One short chat message (Slack-compatible `text`). */
  chat: string;
}

/**
 * The hand-over as messages: the e-mail carries the same text as the CRM task under a
 * greeting; the chat line names the lead, its grade, the new owner, the deadline and the top
 * three reasons. In the rep's language (or both), the deadline in the rep's time zone.
 */
export function buildHandoverMessage(
  lead: CanonicalLead,
  result: ScoreSummary,
  ownerName: string,
  ctx: HandoverContext,
): HandoverMessage {
  const task = buildHandoverTask(lead, result, ctx);
  const who = leadName(lead);
  const due = formatDue(ctx.dueAt, ctx.timeZone);
  const top = topReasons(result, 3);
  const back = ctx.returned ? { en: ' (came back from marketing)', es: ' (vuelve de marketing)' } : { en: '', es: '' };
  const greeting = {
    en: `Hi ${ownerName}, a new qualified lead is yours: ${who}${back.en}. The task is in the CRM.`,
    es: `Hola ${ownerName}, tienes un nuevo lead calificado: ${who}${back.es}. La tarea está en el CRM.`,
  };
  const chat = {
    en: `leadloop: ${who} — grade ${result.grade}, score ${result.score} → ${ownerName}, follow up by ${due}${top.length ? ` (${top.map((r) => r.en).join('; ')})` : ''}`,
    es: `leadloop: ${who} — perfil ${result.grade}, puntuación ${result.score} → ${ownerName}, contactar antes de ${due}${top.length ? ` (${top.map((r) => r.es).join('; ')})` : ''}`,
  };
  const subject = {
    en: `New qualified lead: ${who} — grade ${result.grade}`,
    es: `Nuevo lead calificado: ${who} — perfil ${result.grade}`,
  };
  if (ctx.language === 'both') {
    return {
      subject: `${subject.en} / ${subject.es}`.slice(0, 255),
      text: `${greeting.en}\n${greeting.es}\n\n${task.description}\n`,
      chat: `${chat.en}\n${chat.es}`,
    };
  }
  const lang = ctx.language;
  return { subject: subject[lang].slice(0, 255), text: `${greeting[lang]}\n\n${task.description}\n`, chat: chat[lang] };
}

/** The e-mail a team lead gets about their team's SLA breaches in one run. */
export function buildEscalationEmail(teamName: string, lines: string[]): { subject: string; text: string } {
  const shown = lines.slice(0, 100);
  const more = lines.length > shown.length ? `\n… ${lines.length - shown.length} more / más` : '';
  return {
    subject: `leadloop: ${lines.length} lead(s) of ${teamName} not followed up in time / ${lines.length} lead(s) sin contactar a tiempo`,
    text:
      [
        `These qualified leads of ${teamName} passed their follow-up deadline without a call or meeting from their owner:`,
        `Estos leads calificados de ${teamName} pasaron su plazo sin una llamada o reunión de su responsable:`,
        '',
        ...shown,
      ].join('\n') +
      more +
      '\n',
  };
}
