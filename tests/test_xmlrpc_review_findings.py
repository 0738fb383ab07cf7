"""Findings 1, 6 and 7 of the security review (issue 12), over XML-RPC as
users of two companies and a portal user: what they cannot read directly,
no wizard or dismissal shows or changes."""
import xmlrpc.client

import pytest

SALESMAN = "sales_team.group_sale_salesman"
ACCESS_ERROR = 4  # Odoo 11's XML-RPC fault code of an AccessError


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = odoo_server.admin()
    company_b = admin.call("res.company", "create", {"name": "Review Company B"})
    bob = admin.create_company_user("review_bob", [SALESMAN], company_b)
    portal = admin.create_company_user("review_pat", ["base.group_portal"], company_b)
    alice = admin.create_user("review_alice", [SALESMAN])
    a_ids = [alice.call("res.partner", "create", {"name": name, "email": "%s@a.example" % name,
                                                  "is_company": True})
             for name in ("alpha-one", "alpha-two")]
    mailing_list = admin.call("mail.mass_mailing.list", "create", {"name": "Review list"})
    return dict(admin=admin, alice=alice, bob=bob, portal=portal, a_ids=a_ids,
                mailing_list=mailing_list)


def _access_error(user, model, method, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        user.call(model, method, *args, **kwargs)
    assert fault.value.faultCode == ACCESS_ERROR, fault.value.faultString[-300:]


def test_portal_user_cannot_read_an_email_through_the_mailing_wizard(world):
    _access_error(world["portal"], "crm.prospect.mailing.list.wizard", "create",
                  {"partner_id": world["a_ids"][0],
                   "mailing_list_ids": [(6, 0, [world["mailing_list"]])]})


def test_salesperson_cannot_open_wizards_on_another_companys_partners(world):
    bob, a_ids = world["bob"], world["a_ids"]
    _access_error(bob, "crm.prospect.dedup.merge.wizard", "create",
                  {"partner_ids": [(6, 0, a_ids)], "dst_partner_id": a_ids[0]})
    _access_error(bob, "crm.prospect.dedup.check.wizard", "create",
                  {"selection": "selected", "partner_ids": [(6, 0, a_ids)]})


def test_dismissals_stay_in_their_company(world):
    alice, bob, a_ids = world["alice"], world["bob"], world["a_ids"]
    dismissal = alice.call("crm.prospect.dedup.dismissal", "create",
                           {"partner_a_id": a_ids[0], "partner_b_id": a_ids[1]})
    assert dismissal not in bob.call("crm.prospect.dedup.dismissal", "search", [])
    _access_error(bob, "crm.prospect.dedup.dismissal", "read", [dismissal], ["partner_a_id"])
    _access_error(bob, "crm.prospect.dedup.dismissal", "create",
                  {"partner_a_id": a_ids[1], "partner_b_id": a_ids[0]})
