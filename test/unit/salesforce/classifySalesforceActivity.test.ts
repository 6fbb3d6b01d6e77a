import {
  campaignResponseType,
  eventEndMs,
  isConversation,
  taskEngagementType,
} from '../../../connectors/salesforce/classifySalesforceActivity';
import { engagementRulesSchema } from '../../../src/mapping';

const stock = engagementRulesSchema.parse({});
const org = engagementRulesSchema.parse({
  connectedCallSeconds: 45,
  notConnectedResults: ['No answer', 'Buzón de voz'],
  taskSubjects: [
    { subjectContains: 'Formulario enviado', type: 'form_submit' },
    { subjectContains: 'Webinar attended', type: 'webinar_attended' },
  ],
});

// Task fields and values as the object reference defines them (TaskSubtype, Type, CallType, CallDurationInSeconds, CallDisposition)
describe('taskEngagementType', () => {
  it.each([
    [
      'an inbound call',
      { TaskSubtype: 'Call', Type: 'Call', CallType: 'Inbound', CallDurationInSeconds: 5 },
      stock,
      'inbound_call',
    ],
    ['an internal call', { TaskSubtype: 'Call', CallType: 'Internal', CallDurationInSeconds: 600 }, stock, null],
    [
      "a logged call with no duration (a rep's attempt)",
      { TaskSubtype: 'Call', Type: 'Call', Subject: 'Call' },
      stock,
      'outbound_call',
    ],
    [
      'an outbound call of 20 s',
      { TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 20 },
      stock,
      'outbound_call',
    ],
    [
      'an outbound call of 5 minutes',
      {
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 300,
        CallDisposition: 'Interested, send proposal',
      },
      stock,
      'connected_call',
    ],
    [
      'a long call the org marks as voicemail',
      { TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 90, CallDisposition: 'Buzon de voz' },
      org,
      'outbound_call',
    ],
    [
      "a 50 s call with the org's 45 s threshold",
      { CallType: 'Outbound', CallDurationInSeconds: 50 },
      org,
      'connected_call',
    ],
    ['a call by Type only', { Type: 'Call', CallDurationInSeconds: 120 }, stock, 'connected_call'],
    [
      "a rep's logged e-mail",
      { TaskSubtype: 'Email', Type: 'Email', Subject: 'Email: Propuesta' },
      stock,
      'sales_email',
    ],
    ['an e-mail by Type only', { TaskSubtype: 'Task', Type: 'Email', Subject: 'Sent brochure' }, stock, 'sales_email'],
    ['a list e-mail (mass send)', { TaskSubtype: 'ListEmail', Subject: 'List Email: Newsletter' }, stock, null],
    ['a cadence step', { TaskSubtype: 'Cadence', Subject: 'Step 2' }, stock, null],
    ['a LinkedIn touch', { TaskSubtype: 'LinkedIn', Subject: 'InMail' }, stock, null],
    ['a to-do', { TaskSubtype: 'Task', Type: 'Other', Subject: 'Send contract' }, stock, null],
    // subjects mean nothing unless the org's mapping says so
    [
      'a subject that says "Demo requested" on a stock org',
      { TaskSubtype: 'Task', Subject: 'Demo requested' },
      stock,
      null,
    ],
    [
      'a subject that says "Email opened" on a stock org',
      { TaskSubtype: 'Task', Subject: 'Email opened: newsletter' },
      stock,
      null,
    ],
    [
      "the org's marketing-tool subject, accents aside",
      { TaskSubtype: 'Task', Subject: 'FORMULARIO ENVIADO: contacto' },
      org,
      'form_submit',
    ],
    [
      "the org's subject on an e-mail task",
      { TaskSubtype: 'Email', Subject: 'Webinar attended: Q3' },
      org,
      'webinar_attended',
    ],
  ])('%s → %p', (_label, task, rules, type) => {
    expect(taskEngagementType(task, rules)).toBe(type);
  });
});

describe('isConversation', () => {
  it.each([
    [null, null, false],
    [59, null, false],
    [60, null, true],
    [60, '', true],
    [600, 'No answer', true],
    ['300', '', true],
    ['', '', false],
  ])('%p s, result %p → %p on a stock org', (seconds, result, expected) => {
    expect(isConversation(seconds, result, stock)).toBe(expected);
  });
});

describe('eventEndMs', () => {
  it.each([
    [
      'EndDateTime',
      { StartDateTime: '2026-03-01T10:00:00.000+0000', EndDateTime: '2026-03-01T11:00:00.000+0000' },
      '2026-03-01T11:00:00.000Z',
    ],
    [
      'StartDateTime + DurationInMinutes',
      { StartDateTime: '2026-03-01T10:00:00.000+0000', DurationInMinutes: 30 },
      '2026-03-01T10:30:00.000Z',
    ],
    [
      "an all-day event's ActivityDate",
      { IsAllDayEvent: true, ActivityDate: '2026-03-01' },
      '2026-03-01T23:59:59.000Z',
    ],
  ])('from %s', (_label, event, iso) => {
    expect(eventEndMs(event)).toBe(Date.parse(iso));
  });

  it('is null without any date', () => {
    expect(eventEndMs({ Subject: 'x' })).toBeNull();
  });
});

describe('campaignResponseType', () => {
  it.each([
    ['Webinar', 'webinar_attended'],
    ['Conference', 'event_attended'],
    ['Trade Show', 'event_attended'],
    ['Email', 'campaign_response'],
    [undefined, 'campaign_response'],
  ])('%p → %s', (type, expected) => {
    expect(campaignResponseType(type)).toBe(expected);
  });
});

describe('mapping engagement rules', () => {
  it('refuses sales activity as a marketing-tool subject type', () => {
    expect(
      engagementRulesSchema.safeParse({ taskSubjects: [{ subjectContains: 'Email', type: 'sales_email' }] }).success,
    ).toBe(false);
  });
});
