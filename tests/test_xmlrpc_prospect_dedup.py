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

    # the scripted, audited check: plain data, with what counted and how much
    groups = manager.call("res.partner", "find_duplicate_groups", domain)
    assert [g["partner_ids"] for g in groups] == [sorted(lefebvre)]
    explained = {(e["field"], e["level"]): e["weight"] for e in groups[0]["explanation"]}
    assert {("email", "exact"), ("phone", "exact"), ("company_name", "exact")} <= set(explained)
    for text in ("same E-mail (%+.1f)" % explained[("email", "exact")],
                 "same Phone or mobile (%+.1f)" % explained[("phone", "exact")],
                 "same Company name (%+.1f)" % explained[("company_name", "exact")]):
        assert text in groups[0]["reasons"]

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
    [check] = manager.call("crm.prospect.dedup.check", "read", [check_id], ["threshold"])
    assert check["threshold"] <= groups[0]["score"] <= 1.0
    assert round(group["score"], 2) == round(groups[0]["score"], 2)
    assert "same E-mail (+" in group["reason_text"]

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


@pytest.fixture(scope="module")
def salesperson(odoo_server):
    admin = odoo_server.admin()
    return admin.create_user("rpc_dedup_sally", ["sales_team.group_sale_salesman"])


def _email_exact(user):
    [level] = user.call("crm.prospect.dedup.rule.level", "search_read",
                        [("field", "=", "email"), ("code", "=", "exact")],
                        ["m_probability", "u_probability", "learned_weight", "override",
                         "override_weight", "weight"])
    return level


def test_weights_shown_and_overridden_by_a_manager_only_over_xmlrpc(manager, salesperson):
    france = manager.ref("base.fr")
    ids = [salesperson.call("res.partner", "create", {
        "name": name, "email": "contact@weights.example", "city": "Lille",
        "is_company": True, "is_prospect": True, "country_id": france})
        for name in ("Entrepots Weights", "Logistique Nord")]
    domain = [("id", "in", ids)]
    level = _email_exact(salesperson)
    assert level == _email_exact(manager), "everyone sees the same learned weights"
    assert level["weight"] == level["learned_weight"] and not level["override"]
    assert salesperson.call("res.partner", "find_duplicate_groups", domain) == []

    # a salesperson may not set a weight; a bad weight is refused; nothing changes
    with pytest.raises(xmlrpc.client.Fault) as error:
        salesperson.call("crm.prospect.dedup.rule.level", "write", [level["id"]],
                         {"override": True, "override_weight": 40})
    assert "not allowed to modify" in error.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as error:
        manager.call("crm.prospect.dedup.rule.level", "write", [level["id"]],
                     {"override": True, "override_weight": 400})
    assert "between -40 and 40" in error.value.faultString
    assert _email_exact(manager) == level

    # a CRM manager's weight makes a shared e-mail enough
    manager.call("crm.prospect.dedup.rule.level", "write", [level["id"]],
                 {"override": True, "override_weight": 40})
    try:
        [group] = salesperson.call("res.partner", "find_duplicate_groups", domain)
        assert group["partner_ids"] == sorted(ids)
        assert {"field": "email", "level": "exact", "weight": 40.0} in group["explanation"]
    finally:
        manager.call("crm.prospect.dedup.rule.level", "write", [level["id"]],
                     {"override": False, "override_weight": 0})
    assert _email_exact(manager) == level
