import re

from lxml import etree

from .common import ProspectCase


class TestKanbanAvatar(ProspectCase):
    """The prospect kanban shows the salesperson's picture, not the grey
    placeholder.

    The web client's kanban_image(model, field, id) first looks at the kanban
    record's own FIELD: when the kanban also reads the partner's image_small,
    kanban_image('res.users', 'image_small', ...) shows the partner's picture,
    or the placeholder when the partner has none (prospects usually do not)."""

    def test_salesperson_avatar_is_not_taken_from_the_partner_image(self):
        view = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=self.env.ref("crm_prospect_status.res_partner_view_kanban_prospect").id,
            view_type="kanban")
        arch = etree.fromstring(view["arch"])
        own_fields = {node.get("name") for node in arch.xpath("//field")}
        [avatar] = arch.xpath("//img[contains(@class, 'oe_kanban_avatar')]")
        source = avatar.get("t-att-src")
        self.assertIn("user_id.raw_value", source)
        self.assertIn("res.users", source)
        self.assertIn("image_small", source)
        for model, field in re.findall(r"kanban_image\('([\w.]+)', '(\w+)'", source):
            self.assertFalse(model != "res.partner" and field in own_fields,
                             "kanban_image(%r, %r) would read the partner's own %s"
                             % (model, field, field))
