import type { CanonicalLead } from '../domain/lead';
import type { ScoreLike } from '../sync/syncTypes';
import { buildHandoverTask } from './buildHandoverTask';

/** What a rep (e-mail) and a team's channel (webhook) are told about one hand-over. */
export interface HandoverMessage {
  subject: string;
  /** The e-mail body: the hand-over task's text (profile, reasons, missing fields, deadline). */
  text: string;
  /** One short chat message (Slack-compatible `text`). */
  chat: string;
}

/**
 * The hand-over as messages: the e-mail carries the same text as the CRM task (who, why it
 * qualified, what is missing, the deadline) under a greeting; the chat line names the lead,
 * its grade, the new owner and the deadline. English, Spanish or both.
 */
export function buildHandoverMessage(lead: CanonicalLead, result: ScoreLike, dueAt: string, ownerName: string, language: 'en' | 'es' | 'both'): HandoverMessage {
  const task = buildHandoverTask(lead, result, dueAt, language);
  const who = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || lead.externalId;
  const at = lead.company ? ` (${lead.company})` : '';
  const due = `${dueAt.replace('T', ' ').slice(0, 16)} UTC`;
  const top = result.reasons.filter((r) => r.points > 0).slice(0, 3);
  const greeting = {
    en: `Hi ${ownerName}, a new qualified lead is yours: ${who}${at}. The task is in the CRM.`,
    es: `Hola ${ownerName}, tienes un nuevo lead calificado: ${who}${at}. La tarea está en el CRM.`,
  };
  const chat = {
    en: `leadloop: ${who}${at} — grade ${result.grade}, score ${result.score} → ${ownerName}, follow up by ${due}${top.length ? ` (${top.map((r) => r.en).join('; ')})` : ''}`,
    es: `leadloop: ${who}${at} — perfil ${result.grade}, puntuación ${result.score} → ${ownerName}, contactar antes de ${due}${top.length ? ` (${top.map((r) => r.es).join('; ')})` : ''}`,
  };
  const subject = {
    en: `New qualified lead: ${who}${at} — grade ${result.grade}`,
    es: `Nuevo lead calificado: ${who}${at} — perfil ${result.grade}`,
  };
  if (language === 'both') {
    return {
      subject: `${subject.en} / ${subject.es}`.slice(0, 255),
      text: `${greeting.en}\n${greeting.es}\n\n${task.description}\n`,
      chat: `${chat.en}\n${chat.es}`,
    };
  }
  return { subject: subject[language].slice(0, 255), text: `${greeting[language]}\n\n${task.description}\n`, chat: chat[language] };
}

/** The e-mail a team lead gets about their team's SLA breaches in one run. */
export function buildEscalationEmail(teamName: string, lines: string[]): { subject: string; text: string } {
  const shown = lines.slice(0, 100);
  const more = lines.length > shown.length ? `\n… ${lines.length - shown.length} more / más` : '';
  return {
    subject: `leadloop: ${lines.length} lead(s) of ${teamName} not followed up in time / ${lines.length} lead(s) sin contactar a tiempo`,
    text: [
      `These qualified leads of ${teamName} passed their follow-up deadline without a call or meeting from their owner:`,
      `Estos leads calificados de ${teamName} pasaron su plazo sin una llamada o reunión de su responsable:`,
      '',
      ...shown,
    ].join('\n') + more + '\n',
  };
}
