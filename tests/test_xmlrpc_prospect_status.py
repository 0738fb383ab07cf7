"""The status change of a prospect, over XML-RPC against the real server, as a
salesperson (not admin)."""
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def users(odoo_server):
    admin = odoo_server.admin()
    salesperson = admin.create_user("rpc_sally", ["sales_team.group_sale_salesman"])
    return admin, salesperson


def _switch(admin, on):
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": on})
    admin.call("res.config.settings", "execute", [settings])


def test_salesperson_moves_prospect_through_statuses_over_xmlrpc(users):
    admin, sally = users
    _switch(admin, True)
    try:
        new = sally.ref("crm_prospect_status.prospect_status_new")
        contacted = sally.ref("crm_prospect_status.prospect_status_contacted")
        partner_id = sally.call("res.partner", "create", {"name": "RPC Prospect", "is_prospect": True})
        [prospect] = sally.call("res.partner", "read", [partner_id], ["prospect_status_id", "is_prospect"])
        assert prospect["is_prospect"] is True
        assert prospect["prospect_status_id"][0] == new

        sally.call("res.partner", "write", [partner_id], {"prospect_status_id": contacted})
        [prospect] = sally.call("res.partner", "read", [partner_id], ["prospect_status_id"])
        assert prospect["prospect_status_id"][0] == contacted

        # what the chatter shows the salesperson: who changed the status, from what to what
        message_ids = sally.call("mail.message", "search",
                                 [("model", "=", "res.partner"), ("res_id", "=", partner_id)])
        chatter = sally.call("mail.message", "message_format", message_ids)
        changes = [(m["author_id"][0], t["changed_field"], t["old_value"], t["new_value"])
                   for m in chatter for t in m["tracking_value_ids"]]
        sally_partner = sally.call("res.users", "read", [sally.uid], ["partner_id"])[0]["partner_id"][0]
        assert (sally_partner, "Prospect status", "New", "Contacted") in changes
    finally:
        _switch(admin, False)


def test_status_refused_over_xmlrpc_while_switch_is_off(users):
    admin, sally = users
    contacted = sally.ref("crm_prospect_status.prospect_status_contacted")
    partner_id = sally.call("res.partner", "create", {"name": "Off Prospect", "is_prospect": True})
    with pytest.raises(xmlrpc.client.Fault) as error:
        sally.call("res.partner", "write", [partner_id], {"prospect_status_id": contacted})
    assert "Manage statuses on prospects" in error.value.faultString
    [prospect] = sally.call("res.partner", "read", [partner_id], ["prospect_status_id"])
    assert prospect["prospect_status_id"] is False
