import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LEAD from '@salesforce/schema/Lead';
import SCORE from '@salesforce/schema/Lead.LeadLoop_Score__c';
import GRADE from '@salesforce/schema/Lead.LeadLoop_Grade__c';
import STATUS from '@salesforce/schema/Lead.LeadLoop_Status__c';
import REASONS from '@salesforce/schema/Lead.LeadLoop_Reasons__c';
import SLA_DUE from '@salesforce/schema/Lead.LeadLoop_SLA_Due__c';
import SCORED_AT from '@salesforce/schema/Lead.LeadLoop_Scored_At__c';
// created by `leadloop setup` / the standard-org metadata (picklist of return reasons)
import RETURN_REASON from '@salesforce/schema/Lead.LeadLoop_Return_Reason__c';
import TITLE from '@salesforce/label/c.LeadLoop_Card_Title';
import NO_SCORE from '@salesforce/label/c.LeadLoop_No_Score';
import MISSING from '@salesforce/label/c.LeadLoop_Missing';
import TO_MQL from '@salesforce/label/c.LeadLoop_To_Mql';
import SLA_DUE_LABEL from '@salesforce/label/c.LeadLoop_Sla_Due';
import TIME_LEFT from '@salesforce/label/c.LeadLoop_Time_Left';
import OVERDUE from '@salesforce/label/c.LeadLoop_Overdue';
import DEFINITION from '@salesforce/label/c.LeadLoop_Definition';
import RETURN_ACTION from '@salesforce/label/c.LeadLoop_Return_To_Marketing';
import RETURN_REASON_LABEL from '@salesforce/label/c.LeadLoop_Return_Reason';
import SAVE from '@salesforce/label/c.LeadLoop_Save';
import CANCEL from '@salesforce/label/c.LeadLoop_Cancel';
import RETURNED from '@salesforce/label/c.LeadLoop_Returned';
import STATUS_NEW from '@salesforce/label/c.LeadLoop_Status_New';
import STATUS_NURTURE from '@salesforce/label/c.LeadLoop_Status_Nurture';
import STATUS_MQL from '@salesforce/label/c.LeadLoop_Status_Mql';
import STATUS_SAL from '@salesforce/label/c.LeadLoop_Status_Sal';
import STATUS_SQL from '@salesforce/label/c.LeadLoop_Status_Sql';
import STATUS_WON from '@salesforce/label/c.LeadLoop_Status_Won';
import STATUS_LOST from '@salesforce/label/c.LeadLoop_Status_Lost';
import STATUS_RECYCLED from '@salesforce/label/c.LeadLoop_Status_Recycled';
import STATUS_DISQUALIFIED from '@salesforce/label/c.LeadLoop_Status_Disqualified';
import { parseReasons } from './parseReasons';

const FIELDS = [SCORE, GRADE, STATUS, REASONS, SLA_DUE, SCORED_AT, RETURN_REASON];

/** What each leadloop status means to a rep (custom labels, translated in translations/es). */
const STATUS_MEANINGS = {
    new: STATUS_NEW, nurture: STATUS_NURTURE, mql: STATUS_MQL, sal: STATUS_SAL, sql: STATUS_SQL,
    won: STATUS_WON, lost: STATUS_LOST, recycled: STATUS_RECYCLED, disqualified: STATUS_DISQUALIFIED,
};

/** Statuses from which a rep may hand a lead back to marketing. */
const RETURNABLE = ['mql', 'sal', 'sql'];

const MINUTE = 60000;

/** "3 h 20 min" / "2 d 4 h": the coarsest two units. */
export function formatDuration(ms) {
    const minutes = Math.round(Math.abs(ms) / MINUTE);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    if (days > 0) return `${days} d ${hours} h`;
    if (hours > 0) return `${hours} h ${rest} min`;
    return `${rest} min`;
}

export default class LeadloopLeadCard extends LightningElement {
    @api recordId;
    record;
    error;
    returning = false;
    reason;
    saving = false;
    labels = { TITLE, NO_SCORE, MISSING, TO_MQL, SLA_DUE_LABEL, DEFINITION, RETURN_ACTION, RETURN_REASON_LABEL, SAVE, CANCEL };

    @wire(getRecord, { recordId: '$recordId', fields: FIELDS })
    wiredRecord({ data, error }) {
        this.record = data;
        this.error = error;
    }

    @wire(getObjectInfo, { objectApiName: LEAD })
    objectInfo;

    @wire(getPicklistValues, { recordTypeId: '$objectInfo.data.defaultRecordTypeId', fieldApiName: RETURN_REASON })
    returnReasons;

    value(field) {
        return this.record ? getFieldValue(this.record, field) : undefined;
    }

    get hasScore() {
        return this.value(SCORE) !== null && this.value(SCORE) !== undefined;
    }
    get score() {
        return this.value(SCORE);
    }
    get grade() {
        return this.value(GRADE);
    }
    get status() {
        return this.value(STATUS);
    }
    get statusMeaning() {
        return STATUS_MEANINGS[this.status] || this.status;
    }
    get parsed() {
        return parseReasons(this.value(REASONS));
    }
    get formula() {
        return this.parsed.formula;
    }
    get sections() {
        return this.parsed.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, className: i.negative ? 'reason negative' : 'reason' })) }));
    }
    get needs() {
        return this.parsed.needs;
    }
    get hasNeeds() {
        return this.parsed.needs.length > 0;
    }
    get missing() {
        return this.parsed.missing;
    }
    get hasMissing() {
        return this.parsed.missing.length > 0;
    }
    get definitionVersion() {
        return this.parsed.definition;
    }
    get slaDue() {
        return this.value(SLA_DUE);
    }
    /** "3 h 20 min left" or "overdue by 1 h 5 min", from the deadline leadloop wrote. */
    get timeLeft() {
        if (!this.slaDue) return '';
        const left = Date.parse(this.slaDue) - Date.now();
        const label = left >= 0 ? TIME_LEFT : OVERDUE;
        return label.replace('{0}', formatDuration(left));
    }
    get isOverdue() {
        return Boolean(this.slaDue) && Date.parse(this.slaDue) < Date.now();
    }
    get timeLeftClass() {
        return this.isOverdue ? 'time-left slds-text-color_error' : 'time-left';
    }
    get canReturn() {
        return RETURNABLE.includes(this.status) && !this.returning;
    }
    get reasonOptions() {
        const values = this.returnReasons && this.returnReasons.data ? this.returnReasons.data.values : [];
        return values.map((v) => ({ label: v.label, value: v.value }));
    }
    get cannotSave() {
        return !this.reason || this.saving;
    }

    openReturn() {
        this.returning = true;
    }
    cancelReturn() {
        this.returning = false;
        this.reason = undefined;
    }
    handleReason(event) {
        this.reason = event.detail.value;
    }

    /** Sets the return reason on the lead: leadloop reads it on its next run as a return to marketing. */
    async saveReturn() {
        if (!this.reason) return;
        this.saving = true;
        try {
            await updateRecord({ fields: { Id: this.recordId, [RETURN_REASON.fieldApiName]: this.reason } });
            this.dispatchEvent(new ShowToastEvent({ title: RETURNED, message: this.reason, variant: 'success' }));
            this.returning = false;
        } catch (error) {
            const message = error && error.body && error.body.message ? error.body.message : String(error);
            this.dispatchEvent(new ShowToastEvent({ title: RETURN_ACTION, message, variant: 'error' }));
        } finally {
            this.saving = false;
        }
    }
}
