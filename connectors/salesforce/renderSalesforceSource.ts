import { customFieldMetadata, LEADLOOP_PERMISSION_SET, type CustomFieldSpec } from './salesforceFieldSpecs';

const NS = 'http://soap.sforce.com/2006/04/metadata';

/** Text content only needs &, < and > escaped. */
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function renderElements(value: Record<string, unknown>, depth: number): string {
  const pad = '    '.repeat(depth);
  let out = '';
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      out += item !== null && typeof item === 'object'
        ? `${pad}<${key}>\n${renderElements(item as Record<string, unknown>, depth + 1)}${pad}</${key}>\n`
        : `${pad}<${key}>${escapeXml(String(item))}</${key}>\n`;
    }
  }
  return out;
}

/** `objects/<Object>/fields/<Field>.field-meta.xml` in Salesforce source format (fullName is the field name only). */
export function renderCustomFieldSource(objectName: string, fieldName: string, spec: CustomFieldSpec): string {
  const metadata = { ...customFieldMetadata(objectName, fieldName, spec), fullName: fieldName };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="${NS}">\n${renderElements(metadata, 1)}</CustomField>\n`;
}

/** `permissionsets/LeadLoop.permissionset-meta.xml`: read and edit on leadloop's fields. */
export function renderPermissionSetSource(objectName: string, fieldNames: string[]): string {
  const metadata = {
    description: LEADLOOP_PERMISSION_SET.description,
    fieldPermissions: [...fieldNames].sort().map((field) => ({ editable: true, field: `${objectName}.${field}`, readable: true })),
    hasActivationRequired: false,
    label: LEADLOOP_PERMISSION_SET.label,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="${NS}">\n${renderElements(metadata, 1)}</PermissionSet>\n`;
}
