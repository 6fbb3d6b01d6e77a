import fs from 'node:fs';
import path from 'node:path';
import { mappingsDir } from '../mapping/loadMapping';

/**
 * The demo Salesforce org's marketing tool logs what a lead did as plain Tasks with its own
 * subjects (in English and Spanish). A stock mapping reads no meaning into subjects, so the
 * demo's admin does what such an org's admin does: names those words in the org's own mapping
 * (`engagement.taskSubjects`, connectors/salesforce/README.md) and attaches it to the org.
 */
const MARKETING_TOOL_SUBJECTS: readonly [string, string][] = [
  ['Form submitted', 'form_submit'],
  ['Formulario enviado', 'form_submit'],
  ['Demo requested', 'demo_request'],
  ['Solicitud de demo', 'demo_request'],
  ['Downloaded:', 'content_download'],
  ['Descarga:', 'content_download'],
  ['Attended webinar', 'webinar_attended'],
  ['Asistió al webinar', 'webinar_attended'],
  ['Email click', 'email_click'],
  ['Clic en email', 'email_click'],
  ['Email opened', 'email_open'],
  ['Email abierto', 'email_open'],
  ['Visited pricing page', 'pricing_page_visit'],
  ['Visitó la página de precios', 'pricing_page_visit'],
];

/** Writes the shipped Salesforce mapping plus the marketing tool's words into `dir`; returns the file. */
export function writeDemoMapping(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'mapping.yaml');
  const shipped = fs.readFileSync(path.join(mappingsDir(), 'salesforce.yaml'), 'utf8');
  const subjects = MARKETING_TOOL_SUBJECTS.map(
    ([text, type]) => `    - { subjectContains: ${JSON.stringify(text)}, type: ${type} }`,
  );
  fs.writeFileSync(
    file,
    `${shipped.trimEnd()}\n\n# the demo org's marketing tool logs these on leads\nengagement:\n  taskSubjects:\n${subjects.join('\n')}\n`,
  );
  return file;
}
