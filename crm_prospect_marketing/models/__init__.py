from . import mail_mass_mailing_contact
from . import res_partner
