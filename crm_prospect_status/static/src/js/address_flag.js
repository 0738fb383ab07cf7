odoo.define('crm_prospect_status.address_flag', function (require) {
"use strict";
/**
 * A flag of an address line (invoice, delivery, default) in a column of its
 * own: its icon, filled when set, with a tooltip; a click calls the line's
 * toggle method (options.method) as a button of the list would.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var field_registry = require('web.field_registry');

var _t = core._t;

var FLAGS = {
    is_invoice_address: {
        on: 'fa-file-text', off: 'fa-file-text-o',
        title_on: _t("Invoice address: click to clear"),
        title_off: _t("Not an invoice address: click to set"),
    },
    is_delivery_address: {
        on: 'fa-shopping-cart', off: 'fa-shopping-cart',
        title_on: _t("Delivery address: click to clear"),
        title_off: _t("Not a delivery address: click to set"),
    },
    is_default_address: {
        on: 'fa-star', off: 'fa-star-o',
        title_on: _t("Default address: click to clear"),
        title_off: _t("Not the default address: click to set"),
    },
};

var AddressFlag = AbstractField.extend({
    supportedFieldTypes: ['boolean'],
    events: {
        'click button': '_onClick',
    },
    _render: function () {
        var flag = FLAGS[this.name];
        var on = !!this.value;
        var $button = $('<button>', {
            type: 'button',
            'class': 'btn-link o_icon_button ' + (on ? 'text-primary' : 'text-muted'),
            title: on ? flag.title_on : flag.title_off,
            disabled: !this.res_id,
        }).append($('<i>', {'class': 'fa fa-fw ' + (on ? flag.on : flag.off)}));
        this.$el.empty().append($button);
    },
    _onClick: function (event) {
        event.stopPropagation();
        if (!this.res_id) {
            return;
        }
        this.trigger_up('button_clicked', {
            attrs: {name: this.nodeOptions.method, type: 'object'},
            record: this.record,
        });
    },
    /**
     * An unset flag is shown too (its outlined icon): Odoo hides empty fields.
     */
    isSet: function () {
        return true;
    },
});

field_registry.add('address_flag', AddressFlag);

return AddressFlag;
});
