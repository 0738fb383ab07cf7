odoo.define('crm_prospect_dedup.import_duplicates', function (require) {
"use strict";
// The import of partners: what to do with the rows that look like existing
// partners or like each other, sent as base_import's option prospect_dedup.
var DataImport = require('base_import.import').DataImport;

DataImport.include({
    import_options: function () {
        var options = this._super.apply(this, arguments);
        var $mode = this.$('select.o_prospect_dedup_import');
        if ($mode.length) {
            options.prospect_dedup = $mode.val();
        }
        return options;
    },
});
});
