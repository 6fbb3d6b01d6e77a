import { isUnreadableSalesforceObject } from '../../../connectors/salesforce/classifySalesforceError';
import { isUnreadableSugarModule } from '../../../connectors/sugarcrm/classifySugarError';
import { LeadloopError } from '../../../src/domain/errors';
import { createSilentLogger } from '../../../src/log/createLogger';
import { createOptionalSources } from '../../../src/resilience/createOptionalSources';

const sf = (code: string, kind: LeadloopError['kind'] = 'configuration', status?: number) =>
  new LeadloopError(`Salesforce query: ${code}`, { kind, crm: 'salesforce', code, status });
const sugar = (code: string, status: number, kind: LeadloopError['kind'] = 'configuration') =>
  new LeadloopError(`SugarCRM: ${code}`, { kind, crm: 'sugarcrm', code, status });

describe('which CRM answers mean "the integration user cannot read this"', () => {
  it.each([
    [sf('INVALID_TYPE'), true],
    [sf('INVALID_FIELD'), true],
    [sf('INSUFFICIENT_ACCESS'), true],
    [sf('ERROR_HTTP_403', 'configuration', 403), true],
    [sf('REQUEST_LIMIT_EXCEEDED', 'rate_limited', 403), false],
    [sf('SERVER_UNAVAILABLE', 'transient', 503), false],
    [sf('MALFORMED_QUERY'), false],
    [new Error('INVALID_TYPE'), false],
  ])('Salesforce %s → %s', (error, expected) => {
    expect(isUnreadableSalesforceObject(error)).toBe(expected);
  });

  it.each([
    [sugar('not_authorized', 403), true],
    [sugar('no_method', 404), true],
    [sugar('not_found', 404, 'record'), true],
    [sugar('need_login', 401, 'auth_expired'), false],
    [sugar('HTTP_500', 500, 'transient'), false],
    [sf('INVALID_TYPE'), false],
  ])('SugarCRM %s → %s', (error, expected) => {
    expect(isUnreadableSugarModule(error)).toBe(expected);
  });
});

async function* pages(items: string[][], failAfter?: number, error?: unknown): AsyncGenerator<string[]> {
  for (let i = 0; i < items.length; i++) {
    if (failAfter === i) throw error;
    yield items[i]!;
  }
  if (failAfter === items.length) throw error;
}

async function read(iterable: AsyncIterable<string[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const page of iterable) out.push(...page);
  return out;
}

describe('createOptionalSources', () => {
  const create = () =>
    createOptionalSources({
      crm: 'sugarcrm',
      sources: { CampaignLog: 'campaign responses will not score' },
      isUnreadable: isUnreadableSugarModule,
      grantHint: 'grant it',
      logger: createSilentLogger(),
    });

  it('passes a readable source through untouched', async () => {
    const optional = create();
    expect(await read(optional.guard('CampaignLog', pages([['a'], ['b']])))).toEqual(['a', 'b']);
    expect(optional.skipped()).toEqual([]);
  });

  it('ends an unreadable optional source quietly, records it once, and makes no further reads of it', async () => {
    const optional = create();
    expect(await read(optional.guard('CampaignLog', pages([['a']], 0, sugar('not_authorized', 403))))).toEqual([]);
    let touched = false;
    const second = (async function* () {
      touched = true;
      yield ['x'];
    })();
    expect(await read(optional.guard('CampaignLog', second))).toEqual([]);
    expect(touched).toBe(false);
    expect(optional.skipped()).toEqual([
      {
        source: 'CampaignLog',
        consequence: 'campaign responses will not score',
        code: 'not_authorized',
        status: 403,
        message:
          'CampaignLog not readable (403 not_authorized): campaign responses will not score. grant it; once granted, `leadloop sync NAME --full` reads its history',
      },
    ]);
  });

  it.each([
    ['another error of an optional source', 'CampaignLog', sugar('HTTP_500', 500, 'transient')],
    ['an unreadable source that is not optional', 'Leads', sugar('not_authorized', 403)],
  ])('lets %s stop the run', async (_what, source, error) => {
    const optional = create();
    await expect(read(optional.guard(source, pages([['a']], 1, error)))).rejects.toBe(error);
    expect(optional.skipped()).toEqual([]);
  });
});
