import re

from odoo import api, models

# The address in an e-mail field, as mass_mailing extracts it for its blacklist.
EMAIL_PATTERN = r"([^ ,;<@]+@[^> ,;]+)"
EMAIL_SQL = "lower(substring(email, '%s'))" % EMAIL_PATTERN


def normalize_email(email):
    """The lower-case address in EMAIL ("Name <A@b.com>" gives "a@b.com"), or None."""
    match = re.search(EMAIL_PATTERN, email or "")
    return match.group(1).lower() if match else None


class MailMassMailingContact(models.Model):
    """Mailing list contacts, found by the e-mail address of a partner."""

    _inherit = "mail.mass_mailing.contact"

    @api.model_cr
    def init(self):
        # the partner's Marketing tab looks contacts up by their normalised address
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS mail_mass_mailing_contact_email_normalized_index "
            "ON mail_mass_mailing_contact (%s)" % EMAIL_SQL)

    @api.model
    def _find_by_emails(self, emails):
        """The contacts whose address is one of EMAILS (normalised), in one query.

        :return: a dict {normalised address: contacts the current user may read}
        """
        emails = sorted({email for email in emails if email})
        if not emails:
            return {}
        self.env.cr.execute(
            "SELECT id, %s FROM mail_mass_mailing_contact WHERE %s IN %%s" % (EMAIL_SQL, EMAIL_SQL),
            (tuple(emails),))
        email_by_id = dict(self.env.cr.fetchall())
        contacts = self.search([("id", "in", list(email_by_id))])  # the user's access rules
        found = {}
        for contact in contacts:
            email = email_by_id[contact.id]
            found[email] = found.get(email, self.browse()) | contact
        return found
