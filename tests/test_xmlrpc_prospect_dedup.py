"""Check duplicates then merge them, over XML-RPC against the real server, as
a CRM manager (not admin): the check runs in the server's background."""
import time
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def manager(odoo_server):
    admin = odoo_server.admin()
    return admin.create_user("rpc_dedup_max", ["sales_team.group_sale_manager"])


def _create_prospects(user):
    values = [
        {"name": "Transports Lefebvre SARL", "email": "contact@lefebvre.example",
         "phone": "03 20 00 00 01", "city": "Lille"},
        {"name": "LEFEBVRE TRANSPORTS", "email": "Contact@Lefebvre.example", "city": "Lille"},
        {"name": "Transports Lefebvre", "phone": "+33 3 20 00 00 01",
         "website": "lefebvre.example"},
        {"name": "Boulangerie Dupain", "email": "pain@dupain.example"},
    ]
    france = user.ref("base.fr")
    return [user.call("res.partner", "create", dict(v, is_prospect=True, is_company=True,
                                                   country_id=france)) for v in values]


def test_manager_checks_then_merges_duplicates_over_xmlrpc(manager):
    ids = _create_prospects(manager)
    lefebvre, dupain = ids[:3], ids[3]
    domain = [("id", "in", ids)]

    # the scripted, audited check: plain data
    groups = manager.call("res.partner", "find_duplicate_groups", domain)
    assert [g["partner_ids"] for g in groups] == [sorted(lefebvre)]
    assert 0.75 <= groups[0]["score"] <= 1.0
    assert {"same e-mail", "same phone", "same name"} <= set(groups[0]["reasons"])

    # the same through Action > Check duplicates: the request returns at once,
    # the check runs in a worker thread and reports its progress
    context = {"active_model": "res.partner", "active_ids": ids, "active_domain": domain}
    wizard = manager.call("crm.prospect.dedup.check.wizard", "create", {}, context=context)
    action = manager.call("crm.prospect.dedup.check.wizard", "action_check", [wizard],
                          context=context)
    check_id = action["res_id"]
    deadline = time.time() + 60
    while True:
        [check] = manager.call("crm.prospect.dedup.check", "read", [check_id],
                               ["state", "progress", "partners_done", "partner_count",
                                "group_ids", "error"])
        if check["state"] in ("done", "failed") or time.time() > deadline:
            break
        time.sleep(0.3)
    assert check["state"] == "done", check["error"]
    assert (check["progress"], check["partners_done"], check["partner_count"]) == (100, 4, 4)
    [group] = manager.call("crm.prospect.dedup.group", "read", check["group_ids"],
                           ["partner_ids", "score", "reason_text", "state"])
    assert sorted(group["partner_ids"]) == sorted(lefebvre)

    # Merge: from the group, keep the first one, take the second one's name
    action = manager.call("crm.prospect.dedup.group", "action_merge", [group["id"]])
    merge_context = action["context"]
    wizard = manager.call("crm.prospect.dedup.merge.wizard", "create", {}, context=merge_context)
    [merge] = manager.call("crm.prospect.dedup.merge.wizard", "read", [wizard],
                           ["dst_partner_id", "line_ids"])
    assert merge["dst_partner_id"][0] == lefebvre[0]
    lines = manager.call("crm.prospect.dedup.merge.line", "read", merge["line_ids"],
                         ["field_name", "chosen_partner_id"])
    name_line = next(line for line in lines if line["field_name"] == "name")
    manager.call("crm.prospect.dedup.merge.wizard", "write", [wizard], {
        "line_ids": [(1, name_line["id"], {"chosen_partner_id": lefebvre[1]})]})
    manager.call("crm.prospect.dedup.merge.wizard", "action_merge", [wizard], context=merge_context)

    partners = manager.call("res.partner", "read", ids, ["name", "active", "email", "phone",
                                                         "website"],
                            context={"active_test": False})
    by_id = {p["id"]: p for p in partners}
    kept = by_id[lefebvre[0]]
    assert kept["active"] and kept["name"] == "LEFEBVRE TRANSPORTS"
    assert kept["website"] == "http://lefebvre.example", "taken from the merged record"
    assert not by_id[lefebvre[1]]["active"] and not by_id[lefebvre[2]]["active"]
    assert by_id[dupain]["active"]
    [group] = manager.call("crm.prospect.dedup.group", "read", [group["id"]], ["state"])
    assert group["state"] == "merged"
    assert manager.call("res.partner", "find_duplicate_groups", domain) == []


def test_merge_of_a_company_with_a_person_is_refused_over_xmlrpc(manager):
    company = manager.call("res.partner", "create", {"name": "Dupont", "is_company": True})
    person = manager.call("res.partner", "create", {"name": "Dupont", "is_company": False})
    with pytest.raises(xmlrpc.client.Fault) as error:
        manager.call("crm.prospect.dedup.merge.wizard", "create", {},
                     context={"active_model": "res.partner", "active_ids": [company, person]})
    assert "A company cannot be merged with a person" in error.value.faultString
    active = manager.call("res.partner", "search_count", [("id", "in", [company, person])])
    assert active == 2
