odoo.define('crm_prospect_dedup.check_progress', function (require) {
"use strict";
/**
 * The progress bar of a duplicate check that keeps its page up to date: while
 * the check waits or runs, it reads the check's state every 2 s and reloads
 * the form when the state, step or progress changed, so that the user sees
 * the check finish without clicking Refresh.
 */
var basic_fields = require('web.basic_fields');
var field_registry = require('web.field_registry');

var POLL_DELAY = 2000;
var POLLED_FIELDS = ['state', 'step', 'progress'];

var CheckProgressBar = basic_fields.FieldProgressBar.extend({
    destroy: function () {
        clearTimeout(this._pollTimer);
        this._super.apply(this, arguments);
    },
    _render: function () {
        var result = this._super.apply(this, arguments);
        this._schedulePoll();
        return result;
    },
    _isRunning: function () {
        return _.contains(['queued', 'running'], this.record.data.state);
    },
    _schedulePoll: function () {
        clearTimeout(this._pollTimer);
        if (this.res_id && this._isRunning()) {
            this._pollTimer = setTimeout(this._poll.bind(this), POLL_DELAY);
        }
    },
    _poll: function () {
        var self = this;
        this._rpc({
            model: this.model,
            method: 'read',
            args: [[this.res_id], POLLED_FIELDS],
        }).then(function (rows) {
            if (self.isDestroyed()) {
                return;
            }
            var changed = rows.length && _.some(POLLED_FIELDS, function (name) {
                return rows[0][name] !== self.record.data[name];
            });
            if (changed) {
                self.trigger_up('reload');
            } else {
                self._schedulePoll();
            }
        }, function () {
            if (!self.isDestroyed()) {
                self._schedulePoll();
            }
        });
    },
});

field_registry.add('dedup_check_progress', CheckProgressBar);

return CheckProgressBar;
});
