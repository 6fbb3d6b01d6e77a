import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The Sugar card's controller (a Sidecar view, `({ … })`) run outside Sugar: Sidecar's `app`
 * is a small stand-in that answers labels and the return-reason dropdown, the model a record
 * with `get` and `save` the way a Sidecar bean offers them.
 */
const DIR = path.join(__dirname, '../../../connectors/sugarcrm/package/modules/Leads/clients/base/views/leadloop-card');
const source = fs.readFileSync(path.join(DIR, 'leadloop-card.js'), 'utf8');
const template = fs.readFileSync(path.join(DIR, 'leadloop-card.hbs'), 'utf8');

const REASONS = [
  'Puntuación 51 = perfil 85 (A) × 0,6 + interés 0 × 0,4',
  'Grado A: perfil 85 ≥ 75 (el grado depende solo del perfil)',
  'Perfil 85:',
  '+31 Empresa de 755 empleados (tamaño ideal)',
  '+25 Alta dirección (decisor)',
  '+29 de 3 más',
  'Interés 0: sin actividad que cuente aún',
  'Nutrición — para ser MQL necesita:',
  '- interés ≥ 25 (ahora 0) — p. ej. 1 solicitud de demo o 1 llamada entrante',
  'Faltan: origen, correo o teléfono',
  'Definición default@3#1a2b3c4d',
].join('\n');

interface Alert {
  level: string;
  messages: string;
}

function load(attributes: Record<string, unknown>, saveResult: 'success' | 'error' = 'success') {
  const alerts: Alert[] = [];
  const app = {
    lang: {
      get: (key: string, module: string) =>
        module === 'Leads'
          ? (({ LBL_LEADLOOP_TIME_LEFT: '{0} left', LBL_LEADLOOP_OVERDUE: 'overdue by {0}' } as Record<string, string>)[
              key
            ] ?? key)
          : key,
      getAppListStrings: (name: string) =>
        name === 'leadloop_return_reason_list' ? { '': '', no_budget: 'No budget', timing: 'Not now' } : {},
    },
    alert: { show: (_id: string, alert: Alert) => alerts.push(alert) },
  };
  const controller = vm.runInNewContext(source, { app }) as Record<string, unknown>;
  const saved: Record<string, unknown>[] = [];
  const model = {
    get: (field: string) => attributes[field],
    save: (
      values: Record<string, unknown>,
      options: { success: () => void; error: (e: { message: string }) => void },
    ) => {
      saved.push(values);
      if (saveResult === 'success') options.success();
      else options.error({ message: 'You are not allowed to edit this record' });
    },
  };
  let renders = 0;
  const view = Object.assign(Object.create(controller), {
    model,
    render: () => renders++,
    returning: false,
    reason: '',
  }) as Record<string, (...args: unknown[]) => unknown> & { returning: boolean; reason: string };
  return { view, saved, alerts, renders: () => renders };
}

describe('the Sugar lead card (dashlet controller)', () => {
  const now = Date.parse('2026-12-04T10:00:00.000Z');

  it('shows score, grade, status with its meaning, the reasons, what is missing, the deadline with time left and the definition', () => {
    const { view } = load({
      leadloop_score_c: 51,
      leadloop_grade_c: 'A',
      leadloop_status_c: 'mql',
      leadloop_reasons_c: REASONS,
      leadloop_sla_due_c: '2026-12-04T13:20:00.000Z',
    });
    const card = view['buildCard']!(now) as Record<string, unknown>;
    expect(card).toMatchObject({
      hasScore: true,
      score: 51,
      grade: 'A',
      status: 'mql',
      statusMeaning: 'LBL_LEADLOOP_STATUS_MQL',
      formula: 'Puntuación 51 = perfil 85 (A) × 0,6 + interés 0 × 0,4',
      sections: [
        {
          title: 'Perfil 85:',
          items: ['+31 Empresa de 755 empleados (tamaño ideal)', '+25 Alta dirección (decisor)', '+29 de 3 más'],
        },
        { title: 'Interés 0: sin actividad que cuente aún', items: [] },
      ],
      needs: ['interés ≥ 25 (ahora 0) — p. ej. 1 solicitud de demo o 1 llamada entrante'],
      missing: ['origen', 'correo o teléfono'],
      definition: 'default@3#1a2b3c4d',
      timeLeft: '3 h 20 min left',
      overdue: false,
      canReturn: true,
      reasonOptions: [
        { value: 'no_budget', label: 'No budget' },
        { value: 'timing', label: 'Not now' },
      ],
    });
  });

  it.each([
    ['2026-12-04T08:55:00.000Z', 'overdue by 1 h 5 min', true],
    ['2026-12-06T14:00:00.000Z', '2 d 4 h left', false],
  ])('deadline %s reads "%s"', (due, shown, overdue) => {
    const { view } = load({ leadloop_score_c: 70, leadloop_status_c: 'sal', leadloop_sla_due_c: due });
    expect(view['buildCard']!(now)).toMatchObject({ timeLeft: shown, overdue });
  });

  it('offers no return for a lead marketing still owns, and says when leadloop has not scored it', () => {
    expect(load({ leadloop_score_c: 40, leadloop_status_c: 'nurture' }).view['buildCard']!(now)).toMatchObject({
      canReturn: false,
    });
    expect(load({ leadloop_score_c: '' }).view['buildCard']!(now)).toMatchObject({ hasScore: false });
  });

  it('returns the lead to marketing with the chosen reason', () => {
    const { view, saved, alerts } = load({ leadloop_score_c: 80, leadloop_status_c: 'mql' });
    view['openReturn']!();
    expect(view.returning).toBe(true);
    view['saveReturn']!();
    expect(saved).toEqual([]);
    expect(alerts.at(-1)).toMatchObject({ level: 'warning' });
    view['pickReason']!({ target: { value: 'no_budget' } });
    view['saveReturn']!();
    expect(saved).toEqual([{ leadloop_return_reason_c: 'no_budget' }]);
    expect(view.returning).toBe(false);
    expect(alerts.at(-1)).toMatchObject({ level: 'success', messages: 'LBL_LEADLOOP_RETURNED' });
  });

  it('says why when Sugar refuses the save, and keeps the form open', () => {
    const { view, alerts } = load({ leadloop_score_c: 80, leadloop_status_c: 'mql' }, 'error');
    view['openReturn']!();
    view['pickReason']!({ target: { value: 'timing' } });
    view['saveReturn']!();
    expect(view.returning).toBe(true);
    expect(alerts.at(-1)).toEqual({ level: 'error', messages: 'You are not allowed to edit this record' });
  });

  it('the template only uses what the controller gives it', () => {
    const { view } = load({ leadloop_score_c: 51, leadloop_status_c: 'mql', leadloop_reasons_c: REASONS });
    const card = view['buildCard']!(now) as Record<string, unknown> & { labels: Record<string, string> };
    for (const m of template.matchAll(/card\.([a-zA-Z]+)(?:\.([a-zA-Z]+))?/g)) {
      expect([m[0], m[1]! in card]).toEqual([m[0], true]);
      if (m[1] === 'labels') expect([m[0], m[2]! in card.labels]).toEqual([m[0], true]);
    }
    for (const m of template.matchAll(/data-action="([a-z-]+)"/g))
      expect(Object.keys(view['events'] as unknown as object)).toContain(`click [data-action=${m[1]}]`);
  });
});
