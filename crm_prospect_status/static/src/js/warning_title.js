odoo.define('crm_prospect_status.warning_title', function (require) {
"use strict";
/**
 * A refusal of the server (UserError, ValidationError, AccessError...) is
 * shown in Odoo's warning dialog titled by its kind ("Warning") rather than
 * "Odoo Server Error", the name of the RPC answer that carried it: Odoo 11
 * titles every such dialog "Odoo Server Error - Warning" (it compares the
 * lazily translated title with 'Warning', which never matches).
 */
var core = require('web.core');
var CrashManager = require('web.CrashManager');

var _lt = core._lt;

var TITLES = {
    user_error: _lt("Warning"),
    warning: _lt("Warning"),
    validation_error: _lt("Validation Error"),
    access_error: _lt("Access Error"),
    missing_error: _lt("Missing Record"),
    access_denied: _lt("Access Denied"),
};

CrashManager.include({
    show_warning: function (error) {
        var title = !error.type && error.data && TITLES[error.data.exception_type];
        if (title) {
            error = _.extend({}, error, {
                type: String(title),
                data: _.extend({}, error.data, {title: ''}),
            });
        }
        return this._super(error);
    },
});

return TITLES;
});
