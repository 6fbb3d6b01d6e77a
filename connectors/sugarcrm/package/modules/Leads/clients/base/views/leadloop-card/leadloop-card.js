/**
 * The leadloop card on a Lead's record view (a Sidecar dashlet): score, grade and status with
 * what the status means, the reasons leadloop wrote (formula, items that add up, what would
 * make an MQL, missing fields), the follow-up deadline with the time left, the definition
 * version, and "Return to marketing", which sets leadloop_return_reason_c (the package's
 * dropdown leadloop_return_reason_list) for leadloop to read on its next run.
 */
({
    plugins: ['Dashlet'],

    events: {
        'click [data-action=return]': 'openReturn',
        'click [data-action=cancel-return]': 'cancelReturn',
        'click [data-action=save-return]': 'saveReturn',
        'change [name=return_reason]': 'pickReason',
    },

    /** Statuses from which a rep may hand a lead back to marketing. */
    returnable: ['mql', 'sal', 'sql'],

    initialize: function(options) {
        this._super('initialize', [options]);
        this.returning = false;
        this.reason = '';
    },

    bindDataChange: function() {
        if (this.model) this.model.on('change', this.render, this);
    },

    _renderHtml: function() {
        this.card = this.buildCard(Date.now());
        this._super('_renderHtml');
    },

    label: function(key) {
        return app.lang.get(key, 'Leads');
    },

    /** Reads the reasons text leadloop writes (src/scoring/formatReasons.ts); with both languages, the first block. */
    parseReasons: function(text) {
        var out = { formula: '', sections: [], needs: [], missing: [], definition: '' };
        if (!text) return out;
        var lines = String(text).split('\n\n')[0].split('\n');
        var section = null;
        out.formula = lines[0] || '';
        lines.slice(1).forEach(function(line) {
            if (/^[+−-]\d+ /.test(line) && section) section.items.push(line);
            else if (line.indexOf('- ') === 0) out.needs.push(line.slice(2));
            else if (/^(Missing|Faltan): /.test(line)) out.missing = line.replace(/^(Missing|Faltan): /, '').split(', ');
            else if (/^(Definition|Definición) /.test(line)) out.definition = line.replace(/^(Definition|Definición) /, '');
            else if (/^\S+ \d+:/.test(line)) {
                section = { title: line, items: [] };
                out.sections.push(section);
            } else section = null;
        });
        return out;
    },

    /** "3 h 20 min" / "2 d 4 h": the coarsest two units. */
    duration: function(ms) {
        var minutes = Math.round(Math.abs(ms) / 60000);
        var days = Math.floor(minutes / 1440);
        var hours = Math.floor((minutes % 1440) / 60);
        if (days > 0) return days + ' d ' + hours + ' h';
        if (hours > 0) return hours + ' h ' + (minutes % 60) + ' min';
        return (minutes % 60) + ' min';
    },

    buildCard: function(now) {
        var model = this.model;
        var get = function(field) { return model ? model.get(field) : undefined; };
        var score = get('leadloop_score_c');
        var status = get('leadloop_status_c') || '';
        var parsed = this.parseReasons(get('leadloop_reasons_c'));
        var due = get('leadloop_sla_due_c');
        var left = due ? Date.parse(due) - now : 0;
        var reasons = app.lang.getAppListStrings('leadloop_return_reason_list') || {};
        var self = this;
        return {
            hasScore: score !== null && score !== undefined && score !== '',
            score: score,
            grade: get('leadloop_grade_c'),
            status: status,
            statusMeaning: status ? this.label('LBL_LEADLOOP_STATUS_' + status.toUpperCase()) : '',
            formula: parsed.formula,
            sections: parsed.sections,
            needs: parsed.needs,
            missing: parsed.missing,
            definition: parsed.definition,
            slaDue: due || '',
            overdue: Boolean(due) && left < 0,
            timeLeft: due ? this.label(left >= 0 ? 'LBL_LEADLOOP_TIME_LEFT' : 'LBL_LEADLOOP_OVERDUE').replace('{0}', this.duration(left)) : '',
            canReturn: this.returnable.indexOf(status) >= 0 && !this.returning,
            reasonOptions: Object.keys(reasons).filter(function(key) { return key !== ''; }).map(function(key) {
                return { value: key, label: reasons[key] };
            }),
            labels: {
                toMql: self.label('LBL_LEADLOOP_TO_MQL'), missing: self.label('LBL_LEADLOOP_MISSING'), slaDue: self.label('LBL_LEADLOOP_SLA_DUE'),
                definition: self.label('LBL_LEADLOOP_DEFINITION'), returnAction: self.label('LBL_LEADLOOP_RETURN_TO_MARKETING'),
                returnReason: self.label('LBL_LEADLOOP_RETURN_REASON'), save: self.label('LBL_LEADLOOP_RETURN_SAVE'),
                cancel: self.label('LBL_LEADLOOP_CANCEL'), noScore: self.label('LBL_LEADLOOP_NO_SCORE'),
            },
        };
    },

    openReturn: function() {
        this.returning = true;
        this.render();
    },

    cancelReturn: function() {
        this.returning = false;
        this.reason = '';
        this.render();
    },

    pickReason: function(event) {
        this.reason = event.target.value;
    },

    /** Sets the return reason on the lead (one field, the record's own save). */
    saveReturn: function() {
        var self = this;
        if (!this.reason) {
            app.alert.show('leadloop-return', { level: 'warning', messages: this.label('LBL_LEADLOOP_RETURN_REASON'), autoClose: true });
            return;
        }
        this.model.save({ leadloop_return_reason_c: this.reason }, {
            fieldsToValidate: ['leadloop_return_reason_c'],
            success: function() {
                self.returning = false;
                app.alert.show('leadloop-return', { level: 'success', messages: self.label('LBL_LEADLOOP_RETURNED'), autoClose: true });
                self.render();
            },
            error: function(error) {
                app.alert.show('leadloop-return', { level: 'error', messages: (error && error.message) || self.label('LBL_LEADLOOP_RETURN_TO_MARKETING') });
            },
        });
    },
})
