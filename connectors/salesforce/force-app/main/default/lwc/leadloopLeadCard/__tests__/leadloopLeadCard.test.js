import { createElement } from 'lwc';
import LeadloopLeadCard from 'c/leadloopLeadCard';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';

// labels resolve to their names in Jest; these two carry the placeholder the card fills
jest.mock('@salesforce/label/c.LeadLoop_Time_Left', () => ({ default: '{0} left' }), { virtual: true });
jest.mock('@salesforce/label/c.LeadLoop_Overdue', () => ({ default: 'overdue by {0}' }), { virtual: true });

/** A reasons text as leadloop writes it (src/scoring/formatReasons.ts). */
const REASONS = [
    'Score 51 = fit 85 (A) × 0.6 + engagement 0 × 0.4',
    'Grade A: fit 85 ≥ 75 (the grade is on fit only)',
    'Fit 85:',
    '+31 Company of 755 employees (core size)',
    '+25 Executive (decision maker)',
    '+29 from 3 more',
    'Engagement 0: no counted activity yet',
    'Nurture — to become an MQL it needs:',
    '- engagement ≥ 25 (now 0) — e.g. 1 demo request or 1 inbound call',
    'Missing: lead source, email or phone',
    'Definition default@3#1a2b3c4d',
].join('\n');

const record = (fields) => ({
    apiName: 'Lead',
    id: '00Q000000000001AAA',
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v, displayValue: null }])),
});

const flush = () => Promise.resolve().then(() => Promise.resolve());

function mount() {
    const element = createElement('c-leadloop-lead-card', { is: LeadloopLeadCard });
    element.recordId = '00Q000000000001AAA';
    document.body.appendChild(element);
    return element;
}

const text = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)].map((n) => n.textContent.trim());

describe('c-leadloop-lead-card', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows score, grade, status with its meaning, the reasons as a list, what is missing and the definition version', async () => {
        const element = mount();
        getRecord.emit(record({ LeadLoop_Score__c: 51, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'nurture', LeadLoop_Reasons__c: REASONS }));
        await flush();
        expect(text(element, '.score')).toEqual(['51']);
        expect(text(element, '.grade')).toEqual(['A']);
        expect(text(element, '.status')).toEqual(['nurture']);
        expect(text(element, '.status-meaning')).toEqual(['c.LeadLoop_Status_Nurture']);
        expect(text(element, '.formula')).toEqual(['Score 51 = fit 85 (A) × 0.6 + engagement 0 × 0.4']);
        expect(text(element, '.section-title')).toEqual(['Fit 85:', 'Engagement 0: no counted activity yet']);
        expect(text(element, '.reason')).toEqual(['+31 Company of 755 employees (core size)', '+25 Executive (decision maker)', '+29 from 3 more']);
        expect(text(element, '.needs li')).toEqual(['engagement ≥ 25 (now 0) — e.g. 1 demo request or 1 inbound call']);
        expect(text(element, '.missing li')).toEqual(['lead source', 'email or phone']);
        expect(text(element, '.definition')[0]).toContain('default@3#1a2b3c4d');
        // nurture is marketing's: nothing to return
        expect(element.shadowRoot.querySelector('lightning-button.return')).toBeNull();
    });

    it.each([
        [3 * 3600e3 + 20 * 60e3, '3 h 20 min left', false],
        [-(65 * 60e3), 'overdue by 1 h 5 min', true],
        [2 * 86400e3 + 4 * 3600e3, '2 d 4 h left', false],
    ])('shows the SLA deadline with the time left (%i ms)', async (offset, shown, overdue) => {
        const element = mount();
        const due = new Date(Date.now() + offset).toISOString();
        getRecord.emit(record({ LeadLoop_Score__c: 80, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'mql', LeadLoop_Reasons__c: REASONS, LeadLoop_SLA_Due__c: due }));
        await flush();
        const left = element.shadowRoot.querySelector('.time-left');
        expect(left.textContent).toBe(shown);
        expect(left.classList.contains('slds-text-color_error')).toBe(overdue);
        expect(element.shadowRoot.querySelector('lightning-formatted-date-time').value).toBe(due);
    });

    it('returns an MQL to marketing with a reason from the LeadLoop_Return_Reason__c picklist', async () => {
        const element = mount();
        getRecord.emit(record({ LeadLoop_Score__c: 80, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'mql', LeadLoop_Reasons__c: REASONS }));
        getObjectInfo.emit({ apiName: 'Lead', defaultRecordTypeId: '012000000000000AAA' });
        getPicklistValues.emit({ values: [{ label: 'No budget', value: 'No budget' }, { label: 'Timing', value: 'Timing' }] });
        const toasts = [];
        element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));
        await flush();

        element.shadowRoot.querySelector('lightning-button.return').click();
        await flush();
        const combobox = element.shadowRoot.querySelector('lightning-combobox.reason');
        expect(combobox.options).toEqual([{ label: 'No budget', value: 'No budget' }, { label: 'Timing', value: 'Timing' }]);
        const save = element.shadowRoot.querySelector('lightning-button.save');
        expect(save.disabled).toBe(true);

        combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'No budget' } }));
        await flush();
        expect(save.disabled).toBe(false);
        save.click();
        await flush();
        expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: '00Q000000000001AAA', LeadLoop_Return_Reason__c: 'No budget' } });
        expect(toasts).toEqual([expect.objectContaining({ variant: 'success', message: 'No budget' })]);
        expect(element.shadowRoot.querySelector('lightning-combobox.reason')).toBeNull();
    });

    it('says so when the CRM refuses the return, and keeps the form', async () => {
        updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
        const element = mount();
        getRecord.emit(record({ LeadLoop_Score__c: 80, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'sal', LeadLoop_Reasons__c: REASONS }));
        const toasts = [];
        element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));
        await flush();
        element.shadowRoot.querySelector('lightning-button.return').click();
        await flush();
        element.shadowRoot.querySelector('lightning-combobox.reason').dispatchEvent(new CustomEvent('change', { detail: { value: 'Timing' } }));
        await flush();
        element.shadowRoot.querySelector('lightning-button.save').click();
        await flush();
        expect(toasts).toEqual([expect.objectContaining({ variant: 'error', message: 'insufficient access rights on object id' })]);
        expect(element.shadowRoot.querySelector('lightning-combobox.reason')).not.toBeNull();
    });

    it('says the lead has not been scored yet', async () => {
        const element = mount();
        getRecord.emit(record({ LeadLoop_Score__c: null, LeadLoop_Status__c: null, LeadLoop_Reasons__c: null }));
        await flush();
        expect(text(element, '.empty')).toEqual(['c.LeadLoop_No_Score']);
    });
});
