import { formatReasons } from '../../../src/scoring/formatReasons';
import type { ScoreResult } from '../../../src/scoring/scoreLead';

function result(patch: Partial<ScoreResult> = {}): ScoreResult {
  return {
    fit: 80, grade: 'A', engagement: 60, score: 82, completeness: 1, missingRequired: [], proposedStatus: 'mql', statusCause: 'mql_threshold',
    fastLane: false, definitionVersion: 'default@1#abcdef12',
    reasons: [
      { code: 'seniority_director', points: 20, en: 'Marketing Director (decision maker)', es: 'Director de Marketing (decisor)' },
      { code: 'size_core', points: 15, en: 'Company of 200-500 employees', es: 'Empresa de 200-500 empleados' },
      { code: 'email_free', points: -5, en: 'Free email provider', es: 'Correo gratuito' },
    ],
    ...patch,
  };
}

describe('formatReasons', () => {
  it.each<['en' | 'es', Partial<ScoreResult>, string]>([
    ['es', {}, 'Puntuación 82 (A): +20 Director de Marketing (decisor); +15 Empresa de 200-500 empleados; -5 Correo gratuito'],
    ['en', {}, 'Score 82 (A): +20 Marketing Director (decision maker); +15 Company of 200-500 employees; -5 Free email provider'],
    ['en', { reasons: [] }, 'Score 82 (A)'],
    ['es', { reasons: [], missingRequired: ['company', 'email|phone'] }, 'Puntuación 82 (A): Faltan: empresa, correo o teléfono'],
    ['en', { reasons: [], missingRequired: ['company', 'email|phone'] }, 'Score 82 (A): Missing: company, email or phone'],
    [
      'es',
      { fastLane: true, statusReason: { code: 'demo_a', en: 'Fast lane: demo with A fit', es: 'Vía rápida: demo con perfil A' }, reasons: [] },
      'Puntuación 82 (A): Vía rápida: demo con perfil A',
    ],
    [
      'en',
      { score: 0, grade: 'D', statusReason: { code: 'unsubscribed', en: 'Unsubscribed', es: 'Dado de baja' }, reasons: [{ code: 'unsubscribed', points: -100, en: 'Unsubscribed', es: 'Dado de baja' }] },
      'Score 0 (D): Unsubscribed',
    ],
  ])('%s %j', (language, patch, expected) => {
    expect(formatReasons(result(patch), { language, maxLength: 255 })).toBe(expected);
  });

  it.each([20, 40, 60, 80, 100])('cuts whole reasons and marks the cut within %i characters', (maxLength) => {
    const text = formatReasons(result(), { language: 'es', maxLength });
    expect(text.length).toBeLessThanOrEqual(maxLength);
    expect(text.startsWith('Puntuación 82 (A)')).toBe(true);
    expect(text).not.toMatch(/; [^…;]*[a-z]…$/);
  });

  it('keeps the most important reasons when it cuts', () => {
    expect(formatReasons(result(), { language: 'es', maxLength: 60 })).toBe('Puntuación 82 (A): +20 Director de Marketing (decisor); …');
  });

  it('cuts even the header when the field is tiny', () => {
    expect(formatReasons(result(), { language: 'en', maxLength: 5 })).toBe('Scor…');
  });

  it('writes both languages, English first, within the limit', () => {
    const text = formatReasons(result(), { language: 'both', maxLength: 255 });
    expect(text.length).toBeLessThanOrEqual(255);
    expect(text).toMatch(/^Score 82 \(A\): \+20 Marketing Director.* \| Puntuación 82 \(A\): \+20 Director de Marketing/);
  });
});
