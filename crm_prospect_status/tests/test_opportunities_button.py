import json

from lxml import etree

from .common import ProspectCase


def domain_holds(domain, values):
    """Whether the attrs DOMAIN (Polish notation, as in a view's modifiers)
    holds for a record whose fields have VALUES."""
    def leaf(term):
        name, op, value = term
        return {"=": values[name] == value, "!=": values[name] != value}[op]

    def take(items):
        head, rest = items[0], items[1:]
        if head in ("&", "|"):
            left, rest = take(rest)
            right, rest = take(rest)
            return (left and right) if head == "&" else (left or right), rest
        if head == "!":
            value, rest = take(rest)
            return not value, rest
        return leaf(head), rest

    result, rest = True, list(domain)
    while rest:  # terms side by side are and-ed
        value, rest = take(rest)
        result = result and value
    return result


class TestOpportunitiesButton(ProspectCase):
    """A prospect's opportunities are reached from its form: the "Opportunities"
    smart button is shown on prospects, not only on customers."""

    def _button_invisible(self, values):
        view = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        action_id = self.env.ref("crm.crm_lead_opportunities").id
        buttons = etree.fromstring(view["arch"]).xpath("//button[@name='%d']" % action_id)
        self.assertEqual(len(buttons), 1)
        invisible = json.loads(buttons[0].get("modifiers") or "{}").get("invisible", False)
        if isinstance(invisible, bool):
            return invisible
        return domain_holds(invisible, values)

    def test_opportunities_button_shown_on_a_prospect(self):
        self.assertFalse(self._button_invisible({"customer": False, "is_prospect": True}))

    def test_opportunities_button_still_shown_on_a_customer_and_hidden_otherwise(self):
        self.assertFalse(self._button_invisible({"customer": True, "is_prospect": False}))
        self.assertTrue(self._button_invisible({"customer": False, "is_prospect": False}))

    def test_prospect_opportunity_is_counted(self):
        prospect = self.create_prospect()
        self.env["crm.lead"].sudo(self.salesperson).create(
            {"name": "Deal", "type": "opportunity", "partner_id": prospect.id})
        self.assertEqual(prospect.sudo(self.salesperson).opportunity_count, 1)
