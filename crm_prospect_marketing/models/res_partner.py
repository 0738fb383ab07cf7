from odoo import api, fields, models

from .mail_mass_mailing_contact import normalize_email

MARKETING_GROUP = "mass_mailing.group_mass_mailing_user"


class ResPartner(models.Model):
    """The Marketing tab of a prospect: its mailing lists and the mailings it received.

    Mailing list contacts are not linked to partners in mass_mailing: they are
    matched by e-mail address (case-insensitive). Mailings received are the
    statistics of the mails sent to the partner itself (mailings on contacts)
    and to the mailing list contacts with its address.
    """

    _inherit = "res.partner"

    mailing_contact_ids = fields.Many2many(
        "mail.mass_mailing.contact", compute="_compute_marketing", string="Mailing list contacts",
        groups=MARKETING_GROUP)
    mailing_list_ids = fields.Many2many(
        "mail.mass_mailing.list", compute="_compute_marketing", string="Mailing lists",
        groups=MARKETING_GROUP)
    mailing_opted_out = fields.Boolean(
        compute="_compute_marketing", string="Unsubscribed from mailing lists",
        groups=MARKETING_GROUP,
        help="Its address opted out of the mailing lists: it no longer receives their mailings.")
    mailing_statistics_ids = fields.Many2many(
        "mail.mail.statistics", compute="_compute_marketing", string="Mailings received",
        groups=MARKETING_GROUP)

    @api.depends("email")
    def _compute_marketing(self):
        """Set-based: two queries for all the partners, whatever their number."""
        Contact = self.env["mail.mass_mailing.contact"]
        email_of = {partner: normalize_email(partner.email) for partner in self}
        contacts_by_email = Contact._find_by_emails(email_of.values())
        partner_ids = [partner.id for partner in self if isinstance(partner.id, int)]
        contact_ids = [cid for contacts in contacts_by_email.values() for cid in contacts.ids]
        self.env.cr.execute("""
            SELECT id, model, res_id FROM mail_mail_statistics
             WHERE (model = 'res.partner' AND res_id = ANY(%s))
                OR (model = 'mail.mass_mailing.contact' AND res_id = ANY(%s))""",
            (partner_ids, contact_ids))
        targets = {stat_id: (model, res_id) for stat_id, model, res_id in self.env.cr.fetchall()}
        statistics = self.env["mail.mail.statistics"].search(
            [("id", "in", list(targets))], order="scheduled desc, id desc")
        for partner in self:
            contacts = contacts_by_email.get(email_of[partner], Contact)
            received = {("res.partner", partner.id)}
            received.update((Contact._name, contact_id) for contact_id in contacts.ids)
            partner.mailing_contact_ids = contacts
            partner.mailing_list_ids = contacts.mapped("list_ids").filtered("active")
            partner.mailing_opted_out = any(contacts.mapped("opt_out"))
            partner.mailing_statistics_ids = statistics.filtered(
                lambda stat: targets[stat.id] in received)
