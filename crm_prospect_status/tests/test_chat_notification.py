from unittest.mock import patch

from odoo.addons.mail.models.mail_message import Message

from .common import ProspectCase


class TestChatNotification(ProspectCase):
    """A chatter message is formatted for the bus only when somebody is to
    be told (a status click and a conversion formatted theirs for nobody)."""

    def _needactions(self, partner):
        return self.env["bus.bus"].search_count(
            [("channel", "=", '["%s","ir.needaction",%d]' % (self.env.cr.dbname, partner.id))])

    def test_a_message_nobody_is_told_about_is_not_formatted(self):
        prospect = self.create_prospect().sudo(self.salesperson)
        with patch.object(Message, "message_format", autospec=True,
                          side_effect=Message.message_format) as formatted:
            prospect.message_post(body="A note to myself", subtype="mail.mt_comment")
        self.assertEqual(formatted.call_count, 0)
        self.assertTrue(prospect.message_ids.filtered(lambda m: "A note to myself" in m.body))

    def test_a_follower_is_still_told_on_the_bus(self):
        prospect = self.create_prospect().sudo(self.salesperson)
        self.manager.notification_type = "inbox"  # told in Odoo, not by e-mail
        follower = self.manager.partner_id
        prospect.sudo().message_subscribe(partner_ids=follower.ids)
        before = self._needactions(follower)
        prospect.message_post(body="News for Max", subtype="mail.mt_comment")
        self.assertEqual(self._needactions(follower), before + 1)
