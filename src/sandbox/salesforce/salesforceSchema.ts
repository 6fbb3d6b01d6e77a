/**
 * The sObjects and fields the sandbox org serves. By default a standard (Developer
 * Edition-shaped) org: the standard fields and the four values of the LeadStatus standard
 * value set, no custom field
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_standardvalueset.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm).
 * `customized` adds what an admin of a long-lived org may have added (a "Recycled" status,
 * Status_Reason__c, Opportunity Loss_Reason__c; visible: granted long ago). Custom fields the
 * Metadata API creates at run time are visible only once FLS grants them.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'textarea'
  | 'datetime'
  | 'date'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'int'
  | 'percent'
  | 'reference';

export interface FieldDef {
  name: string;
  type: FieldType;
  label: string;
  custom: boolean;
  updateable: boolean;
  createable: boolean;
  nillable: boolean;
  length: number;
  externalId: boolean;
  picklistValues?: string[];
  referenceTo?: string[];
  relationshipName?: string;
  /** Custom fields created through the Metadata API: hidden until a permission set grants them. */
  needsFieldPermission: boolean;
  /** A restricted picklist: writes of other values fail (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  restrictedPicklist?: boolean;
  /** Field-level help (CustomField inlineHelpText), as describe returns it. */
  inlineHelpText?: string;
}

export interface ObjectDef {
  name: string;
  label: string;
  keyPrefix: string;
  fields: Map<string, FieldDef>;
}

type Spec = [name: string, type: FieldType, extra?: Partial<FieldDef>];
const SYSTEM: Spec[] = [
  ['Id', 'id', { updateable: false, createable: false, nillable: false }],
  ['IsDeleted', 'boolean', { updateable: false, createable: false }],
  ['CreatedDate', 'datetime', { updateable: false, createable: false }],
  [
    'CreatedById',
    'reference',
    { updateable: false, createable: false, referenceTo: ['User'], relationshipName: 'CreatedBy' },
  ],
  ['LastModifiedDate', 'datetime', { updateable: false, createable: false }],
  [
    'LastModifiedById',
    'reference',
    { updateable: false, createable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy' },
  ],
  ['SystemModstamp', 'datetime', { updateable: false, createable: false }],
];
const owner: Spec = ['OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner' }];
const readOnly = { updateable: false, createable: false };

/** The LeadStatus standard value set: a standard org's Lead Status picklist. */
export const STANDARD_LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
/** A customized org's: an admin added "Recycled" (returned to marketing). */
export const CUSTOMIZED_LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Recycled',
  'Closed - Converted',
  'Closed - Not Converted',
];
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

const OBJECTS: Record<string, [label: string, keyPrefix: string, fields: Spec[]]> = {
  Lead: [
    'Lead',
    '00Q',
    [
      ['FirstName', 'string'],
      ['LastName', 'string', { nillable: false }],
      ['Name', 'string', readOnly],
      ['Title', 'string'],
      ['Company', 'string', { nillable: false }],
      ['Street', 'textarea'],
      ['City', 'string'],
      ['State', 'string'],
      ['PostalCode', 'string'],
      ['Country', 'string'],
      ['Phone', 'phone'],
      ['MobilePhone', 'phone'],
      ['Email', 'email'],
      ['Website', 'url'],
      ['Description', 'textarea'],
      [
        'LeadSource',
        'picklist',
        {
          picklistValues: [
            'Web',
            'Event',
            'Phone Inquiry',
            'Partner Referral',
            'Purchased List',
            'Webinar',
            'Advertisement',
            'Employee Referral',
            'Other',
          ],
        },
      ],
      ['Status', 'picklist', { picklistValues: STANDARD_LEAD_STATUSES, nillable: false, restrictedPicklist: true }],
      ['Industry', 'picklist'],
      ['Rating', 'picklist', { picklistValues: ['Hot', 'Warm', 'Cold'] }],
      ['AnnualRevenue', 'currency'],
      ['NumberOfEmployees', 'int'],
      owner,
      ['IsConverted', 'boolean', readOnly],
      ['ConvertedDate', 'date', readOnly],
      [
        'ConvertedAccountId',
        'reference',
        { ...readOnly, referenceTo: ['Account'], relationshipName: 'ConvertedAccount' },
      ],
      [
        'ConvertedContactId',
        'reference',
        { ...readOnly, referenceTo: ['Contact'], relationshipName: 'ConvertedContact' },
      ],
      [
        'ConvertedOpportunityId',
        'reference',
        { ...readOnly, referenceTo: ['Opportunity'], relationshipName: 'ConvertedOpportunity' },
      ],
      ['HasOptedOutOfEmail', 'boolean'],
      ['DoNotCall', 'boolean'],
      ['LastActivityDate', 'date', readOnly],
    ],
  ],
  Task: [
    'Task',
    '00T',
    [
      ['WhoId', 'reference', { referenceTo: ['Lead', 'Contact'], relationshipName: 'Who' }],
      ['WhatId', 'reference', { referenceTo: ['Account', 'Opportunity'], relationshipName: 'What' }],
      // Task object reference (sforce_api_objects_task): TaskStatus defaults, TaskSubtype (API 37.0+; create-only, not
      // updateable), the Call Center fields CallType / CallDurationInSeconds / CallDisposition
      ['Subject', 'string'],
      [
        'Status',
        'picklist',
        { picklistValues: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] },
      ],
      ['Priority', 'picklist', { picklistValues: ['High', 'Normal', 'Low'] }],
      ['ActivityDate', 'date'],
      ['Description', 'textarea'],
      ['Type', 'picklist', { picklistValues: ['Call', 'Email', 'Meeting', 'Other'] }],
      [
        'TaskSubtype',
        'picklist',
        { picklistValues: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], updateable: false },
      ],
      ['CallType', 'picklist', { picklistValues: ['Inbound', 'Outbound', 'Internal'] }],
      ['CallDurationInSeconds', 'int'],
      ['CallDisposition', 'string'],
      ['IsClosed', 'boolean', readOnly],
      ['CompletedDateTime', 'datetime', readOnly],
      owner,
    ],
  ],
  // Event object reference (sforce_api_objects_event): a calendar entry; DurationInMinutes and EndDateTime agree
  Event: [
    'Event',
    '00U',
    [
      ['WhoId', 'reference', { referenceTo: ['Lead', 'Contact'], relationshipName: 'Who' }],
      ['WhatId', 'reference', { referenceTo: ['Account', 'Opportunity'], relationshipName: 'What' }],
      ['Subject', 'string'],
      ['Type', 'picklist', { picklistValues: ['Call', 'Email', 'Meeting', 'Other'] }],
      ['Location', 'string'],
      ['Description', 'textarea'],
      ['StartDateTime', 'datetime'],
      ['EndDateTime', 'datetime'],
      ['DurationInMinutes', 'int'],
      ['IsAllDayEvent', 'boolean'],
      ['ActivityDateTime', 'datetime'],
      ['ActivityDate', 'date'],
      owner,
    ],
  ],
  Campaign: [
    'Campaign',
    '701',
    [
      ['Name', 'string'],
      ['Type', 'picklist'],
      ['Status', 'picklist'],
      ['StartDate', 'date'],
      ['IsActive', 'boolean'],
      owner,
    ],
  ],
  CampaignMember: [
    'Campaign Member',
    '00v',
    [
      ['CampaignId', 'reference', { referenceTo: ['Campaign'], relationshipName: 'Campaign' }],
      ['LeadId', 'reference', { referenceTo: ['Lead'], relationshipName: 'Lead' }],
      ['ContactId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact' }],
      ['Status', 'picklist', { picklistValues: ['Sent', 'Responded'] }],
      ['HasResponded', 'boolean', readOnly],
      ['FirstRespondedDate', 'date', readOnly],
    ],
  ],
  Opportunity: [
    'Opportunity',
    '006',
    [
      ['Name', 'string'],
      ['AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }],
      ['Amount', 'currency'],
      ['StageName', 'picklist', { picklistValues: OPPORTUNITY_STAGES }],
      ['CloseDate', 'date'],
      ['IsClosed', 'boolean', readOnly],
      ['IsWon', 'boolean', readOnly],
      ['LeadSource', 'picklist'],
      ['Probability', 'percent'],
      owner,
    ],
  ],
  Account: [
    'Account',
    '001',
    [
      ['Name', 'string', { nillable: false }],
      ['Website', 'url'],
      ['Industry', 'picklist'],
      ['NumberOfEmployees', 'int'],
      ['BillingCountry', 'string'],
      owner,
    ],
  ],
  Contact: [
    'Contact',
    '003',
    [
      ['FirstName', 'string'],
      ['LastName', 'string'],
      ['Email', 'email'],
      ['AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }],
      owner,
    ],
  ],
  User: [
    'User',
    '005',
    [
      ['Username', 'string'],
      ['FirstName', 'string'],
      ['LastName', 'string'],
      ['Name', 'string', readOnly],
      ['Email', 'email'],
      ['IsActive', 'boolean'],
      ['TimeZoneSidKey', 'picklist'],
      ['LanguageLocaleKey', 'picklist'],
      ['Department', 'string'],
      ['Title', 'string'],
      ['Country', 'string'],
      ['ManagerId', 'reference', { referenceTo: ['User'], relationshipName: 'Manager' }],
    ],
  ],
  LeadHistory: [
    'Lead History',
    '017',
    [
      ['LeadId', 'reference', { ...readOnly, referenceTo: ['Lead'], relationshipName: 'Lead' }],
      ['Field', 'picklist', readOnly],
      ['OldValue', 'string', readOnly],
      ['NewValue', 'string', readOnly],
    ],
  ],
  PermissionSet: [
    'Permission Set',
    '0PS',
    [
      ['Name', 'string'],
      ['Label', 'string'],
      ['IsOwnedByProfile', 'boolean', readOnly],
    ],
  ],
  PermissionSetAssignment: [
    'Permission Set Assignment',
    '0Pa',
    [
      ['AssigneeId', 'reference', { referenceTo: ['User'], relationshipName: 'Assignee' }],
      ['PermissionSetId', 'reference', { referenceTo: ['PermissionSet'], relationshipName: 'PermissionSet' }],
    ],
  ],
  FieldPermissions: [
    'Field Permissions',
    '01k',
    [
      ['ParentId', 'reference', { referenceTo: ['PermissionSet'], relationshipName: 'Parent' }],
      ['SobjectType', 'string'],
      ['Field', 'string'],
      ['PermissionsRead', 'boolean'],
      ['PermissionsEdit', 'boolean'],
    ],
  ],
};

const LENGTHS: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  email: 80,
  phone: 40,
  url: 255,
  picklist: 255,
  textarea: 32000,
};

export function createField(name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    name,
    type,
    label: extra.label ?? name.replace(/__c$/, '').replace(/_/g, ' '),
    custom: name.endsWith('__c'),
    updateable: true,
    createable: true,
    nillable: type !== 'boolean',
    length: LENGTHS[type] ?? 0,
    externalId: false,
    needsFieldPermission: false,
    ...extra,
  };
}

/** What a customized org's admin added over the years (visible to every user). */
const CUSTOMIZED: Record<string, Spec[]> = {
  Lead: [
    ['Status', 'picklist', { picklistValues: CUSTOMIZED_LEAD_STATUSES, nillable: false, restrictedPicklist: true }],
    ['Status_Reason__c', 'string', { custom: true, label: 'Status Reason' }],
  ],
  Opportunity: [['Loss_Reason__c', 'string', { custom: true, label: 'Loss Reason' }]],
};

/** The org's shape: `standard` (a Developer Edition org) or `customized` (see CUSTOMIZED). */
export type SalesforceOrgShape = 'standard' | 'customized';

/** A fresh copy of the org's schema (each sandbox mutates its own when fields are created). */
export function createSalesforceSchema(shape: SalesforceOrgShape = 'standard'): Map<string, ObjectDef> {
  const schema = new Map<string, ObjectDef>();
  for (const [name, [label, keyPrefix, specs]] of Object.entries(OBJECTS)) {
    const fields = new Map<string, FieldDef>();
    const all = [...SYSTEM, ...specs, ...(shape === 'customized' ? (CUSTOMIZED[name] ?? []) : [])];
    for (const [fieldName, type, extra] of all) fields.set(fieldName, createField(fieldName, type, extra));
    schema.set(name, { name, label, keyPrefix, fields });
  }
  return schema;
}
