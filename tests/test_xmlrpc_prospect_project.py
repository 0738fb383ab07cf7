"""Project generation over XML-RPC against the real server, as a salesperson
who may create projects, then as one who may not."""
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def users(odoo_server):
    admin = odoo_server.admin()
    seller = admin.create_user("rpc_paula", ["sales_team.group_sale_salesman",
                                             "project.group_project_manager"])
    plain_seller = admin.create_user("rpc_sam", ["sales_team.group_sale_salesman"])
    return admin, seller, plain_seller


def test_project_generated_by_salesperson_stays_attached_after_conversion(users):
    admin, paula, _ = users
    partner_id = paula.call("res.partner", "create", {
        "name": "RPC Project Prospect", "is_prospect": True, "user_id": paula.uid})
    project_id = paula.call("res.partner", "generate_project", [partner_id])
    [project] = paula.call("project.project", "read", [project_id],
                           ["name", "partner_id", "user_id"])
    assert project["name"] == "RPC Project Prospect"
    assert project["partner_id"][0] == partner_id
    assert project["user_id"][0] == paula.uid

    second_id = paula.call("res.partner", "generate_project", [partner_id],
                           vals={"name": "RPC Project Prospect, phase 2"})

    paula.call("res.partner", "action_convert_to_customer", [partner_id])
    [partner] = paula.call("res.partner", "read", [partner_id],
                           ["is_prospect", "customer", "project_count"])
    assert (partner["is_prospect"], partner["customer"]) == (False, True)
    assert partner["project_count"] == 2
    found = paula.call("project.project", "search_read",
                       [("partner_id", "=", partner_id)], ["name"])
    assert sorted((p["id"], p["name"]) for p in found) == [
        (project_id, "RPC Project Prospect"), (second_id, "RPC Project Prospect, phase 2")]


def test_salesperson_without_project_rights_is_refused_over_xmlrpc(users):
    admin, _, sam = users
    partner_id = sam.call("res.partner", "create", {"name": "RPC No Project", "is_prospect": True})
    with pytest.raises(xmlrpc.client.Fault) as error:
        sam.call("res.partner", "generate_project", [partner_id])
    assert "You are not allowed to create projects" in error.value.faultString
    assert admin.call("project.project", "search_count", [("partner_id", "=", partner_id)]) == 0
