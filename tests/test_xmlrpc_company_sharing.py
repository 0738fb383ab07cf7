"""Partners shared between companies, seen over XML-RPC by users of two
companies and by a user allowed in both: every operation, every user."""
import xmlrpc.client

import pytest

SALESMAN = "sales_team.group_sale_salesman"


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = odoo_server.admin()
    company_a = admin.ref("base.main_company")
    company_b = admin.call("res.company", "create", {"name": "RPC Company B"})
    user_a = admin.create_user("rpc_user_a", [SALESMAN], company_id=company_a,
                               company_ids=[(6, 0, [company_a])])
    user_b = admin.create_user("rpc_user_b", [SALESMAN], company_id=company_b,
                               company_ids=[(6, 0, [company_b])])
    user_ab = admin.create_user("rpc_user_ab", [SALESMAN, "base.group_multi_company"],
                                company_id=company_a, company_ids=[(6, 0, [company_a, company_b])])
    partner_a = user_a.call("res.partner", "create", {"name": "RPC Prospect of A", "is_prospect": True})
    return dict(admin=admin, a=user_a, b=user_b, ab=user_ab, company_a=company_a,
                company_b=company_b, partner_a=partner_a)


def can_see(user, partner_id, name):
    """Every reading operation, asserting they agree; returns whether USER sees the partner."""
    found = user.call("res.partner", "search", [("name", "=", name)]) == [partner_id]
    counted = user.call("res.partner", "search_count", [("name", "=", name)]) == 1
    named = [p[0] for p in user.call("res.partner", "name_search", name)] == [partner_id]
    grouped = bool(user.call("res.partner", "read_group", [("name", "=", name)], ["name"], ["name"]))
    try:
        user.call("res.partner", "read", [partner_id], ["name"])
        user.call("res.partner", "export_data", [partner_id], ["name"])
        readable = True
    except xmlrpc.client.Fault as fault:
        assert "security restrictions" in fault.faultString
        readable = False
    assert found == counted == named == grouped == readable, (found, counted, named, grouped, readable)
    return found


def can_write(user, partner_id):
    try:
        user.call("res.partner", "write", [partner_id], {"comment": "written"})
        return True
    except xmlrpc.client.Fault as fault:
        assert "security restrictions" in fault.faultString
        return False


def test_matrix_of_users_and_operations(world):
    admin, a, b, ab = world["admin"], world["a"], world["b"], world["ab"]
    pid, name = world["partner_a"], "RPC Prospect of A"
    [partner] = admin.call("res.partner", "read", [pid], ["company_ids", "company_id"])
    assert partner["company_ids"] == [world["company_a"]]
    assert partner["company_id"][0] == world["company_a"]

    assert can_see(a, pid, name) and can_write(a, pid)
    assert can_see(ab, pid, name) and can_write(ab, pid)
    assert not can_see(b, pid, name) and not can_write(b, pid)
    with pytest.raises(xmlrpc.client.Fault):
        b.call("res.partner", "unlink", [pid])
    # the customer dropdown of a lead, as user B: nothing of A
    assert b.call("res.partner", "name_search", "RPC Prospect") == []
    assert admin.call("res.partner", "search_count", [("id", "=", pid)]) == 1

    # user AB shares it with B: B sees it; unsharing hides it again
    ab.call("res.partner", "write", [pid], {"company_ids": [(4, world["company_b"])]})
    assert can_see(b, pid, name) and can_write(b, pid)
    ab.call("res.partner", "write", [pid], {"company_ids": [(3, world["company_b"])]})
    assert not can_see(b, pid, name)

    # user A cannot share with a company they are not allowed in
    with pytest.raises(xmlrpc.client.Fault) as error:
        a.call("res.partner", "write", [pid], {"company_ids": [(4, world["company_b"])]})
    assert "not allowed in that company" in error.value.faultString
    assert not can_see(b, pid, name)


def test_user_in_both_companies_sees_what_the_current_company_sees(world):
    b, ab = world["b"], world["ab"]
    pid_b = b.call("res.partner", "create", {"name": "RPC Prospect of B", "is_prospect": True})
    assert not can_see(ab, pid_b, "RPC Prospect of B")
    ab.call("res.users", "write", [ab.uid], {"company_id": world["company_b"]})
    try:
        assert can_see(ab, pid_b, "RPC Prospect of B")
        assert not can_see(ab, world["partner_a"], "RPC Prospect of A")
    finally:
        ab.call("res.users", "write", [ab.uid], {"company_id": world["company_a"]})


def test_internal_users_partners_are_read_by_all_but_changed_by_their_companies_only(world):
    """Security review, finding 2: a salesperson of company B wrote the partner
    of a company-A internal user (the rule granted write on every internal
    user's partner)."""
    admin, a, b = world["admin"], world["a"], world["b"]
    [user_a] = admin.call("res.users", "read", [a.uid], ["partner_id"])
    colleague = user_a["partner_id"][0]
    [seen] = b.call("res.partner", "read", [colleague], ["name", "email"])
    assert seen["email"] == "rpc_user_a@example.com", "colleagues of other companies read it"

    assert not can_write(b, colleague)
    with pytest.raises(xmlrpc.client.Fault) as error:
        b.call("res.partner", "write", [colleague], {"email": "x@evil.example.com"})
    assert "security restrictions" in error.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as error:
        b.call("res.partner", "unlink", [colleague])
    assert "security restrictions" in error.value.faultString
    [after] = admin.call("res.partner", "read", [colleague], ["email", "active"])
    assert (after["email"], after["active"]) == ("rpc_user_a@example.com", True)
    # B's own colleagues and A's own company still may
    [user_b] = admin.call("res.users", "read", [b.uid], ["partner_id"])
    assert can_write(b, user_b["partner_id"][0])
    assert can_write(a, colleague)
