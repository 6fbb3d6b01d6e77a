import fs from 'node:fs';
import path from 'node:path';
import { renderCustomFieldSource, renderPermissionSetSource } from '../../../connectors/salesforce/renderSalesforceSource';
import { LEADLOOP_FIELD_SPECS } from '../../../connectors/salesforce/salesforceFieldSpecs';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';
import { loadMapping } from '../../../src/mapping';
import { child, children, parseXml, textOf } from '../../../src/sandbox/salesforce/soapXml';

const ROOT = path.join(__dirname, '../../../connectors/salesforce');
const DEFAULT = path.join(ROOT, 'force-app/main/default');
const mapping = loadMapping('salesforce');
const ours = Object.entries(LEADLOOP_FIELD_SPECS).map(([role, spec]) => ({ field: mapping.writeBack[role as keyof typeof LEADLOOP_FIELD_SPECS]!.field, spec }));

/** Regenerate with UPDATE_FORCE_APP=1 after changing salesforceFieldSpecs.ts. */
const update = process.env.UPDATE_FORCE_APP === '1';

function check(file: string, expected: string) {
  if (update) { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, expected); }
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toBe(expected);
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(parseXml(text).children).toHaveLength(1);
}

describe('connectors/salesforce/force-app (source format for the Salesforce CLI)', () => {
  it.each(ours)('$field.field-meta.xml matches what setup creates', ({ field, spec }) => {
    check(path.join(DEFAULT, 'objects/Lead/fields', `${field}.field-meta.xml`), renderCustomFieldSource('Lead', field, spec));
  });

  it('has no stray field files', () => {
    expect(fs.readdirSync(path.join(DEFAULT, 'objects/Lead/fields')).sort()).toEqual(ours.map((o) => `${o.field}.field-meta.xml`).sort());
  });

  it('LeadLoop.permissionset-meta.xml grants read/edit on every field', () => {
    const file = path.join(DEFAULT, 'permissionsets/LeadLoop.permissionset-meta.xml');
    check(file, renderPermissionSetSource('Lead', ours.map((o) => o.field)));
    const permissions = children(child(parseXml(fs.readFileSync(file, 'utf8')), 'PermissionSet'), 'fieldPermissions');
    expect(permissions.map((p) => textOf(p, 'field'))).toEqual(ours.map((o) => `Lead.${o.field}`).sort());
    expect(permissions.every((p) => textOf(p, 'readable') === 'true' && textOf(p, 'editable') === 'true')).toBe(true);
  });

  it('the score field is Number(3,0) and the grade a restricted A–D picklist', () => {
    const parse = (name: string) => child(parseXml(fs.readFileSync(path.join(DEFAULT, 'objects/Lead/fields', `${name}.field-meta.xml`), 'utf8')), 'CustomField');
    const score = parse('LeadLoop_Score__c');
    expect([textOf(score, 'fullName'), textOf(score, 'type'), textOf(score, 'precision'), textOf(score, 'scale')]).toEqual(['LeadLoop_Score__c', 'Number', '3', '0']);
    const grade = parse('LeadLoop_Grade__c');
    expect(textOf(child(grade, 'valueSet'), 'restricted')).toBe('true');
    expect(children(child(child(grade, 'valueSet'), 'valueSetDefinition'), 'value').map((v) => textOf(v, 'fullName'))).toEqual(['A', 'B', 'C', 'D']);
    const reasons = parse('LeadLoop_Reasons__c');
    expect([textOf(reasons, 'type'), textOf(reasons, 'length')]).toEqual(['LongTextArea', '32768']);
  });

  it('sfdx-project.json points at force-app with the pinned API version', () => {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8')) as { packageDirectories: { path: string; default: boolean }[]; sourceApiVersion: string };
    expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
    expect(project.sourceApiVersion).toBe(SALESFORCE_API_VERSION);
  });
});
