from odoo.exceptions import AccessError

from .common import ProspectCase, create_user


class TestStatusUnlinkAccess(ProspectCase):
    """Review finding 10: deleting a status is refused for rights first,
    before anything is counted."""

    def test_unlink_without_the_right_raises_an_access_error_not_a_count(self):
        self.set_switch(True)
        self.create_prospect(prospect_status_id=self.status_new.id)
        employee = create_user(self.env, "Emma Employee", "status_emma", ["base.group_user"])
        for user in (employee, self.salesperson):
            with self.assertRaises(AccessError, msg=user.login):
                self.status_new.sudo(user).unlink()
        self.assertTrue(self.status_new.exists())
