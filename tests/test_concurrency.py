"""Merges and status changes racing each other on the real server, through
real parallel XML-RPC connections: one wins, the other is told to try again
(or that the record is already merged), and nothing is half-merged."""
import time
import xmlrpc.client

import psycopg2
import pytest
from merging import merge as _merge
from merging import prospects as _prospects
from merging import race
from merging import state as _state

MANAGER = "sales_team.group_sale_manager"


@pytest.fixture(scope="module")
def managers(odoo_server):
    admin = odoo_server.admin()
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": True})
    admin.call("res.config.settings", "execute", [settings])
    first = admin.create_user("race_max", [MANAGER])
    second = admin.create_user("race_mia", [MANAGER])
    yield first, second, odoo_server
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": False})
    admin.call("res.config.settings", "execute", [settings])


def test_a_merge_and_a_status_change_on_a_locked_prospect_are_told_to_try_again(managers):
    max_, mia, server = managers
    a, b = _prospects(max_, "Locked Dupond SA", "Locked Dupond")
    contacted = mia.call("ir.model.data", "xmlid_to_res_id", "crm_prospect_status.prospect_status_contacted")
    before = _state(max_, [a, b])
    # another transaction is busy with b: an edit in progress holds its row lock
    connection = psycopg2.connect(dbname=server.db)
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", (b,))
            with pytest.raises(xmlrpc.client.Fault) as merge_error:
                _merge(max_, [a, b], keep=a)
            with pytest.raises(xmlrpc.client.Fault) as status_error:
                mia.call("res.partner", "write", [b], {"prospect_status_id": contacted})
    finally:
        connection.rollback()
        connection.close()
    for error in (merge_error, status_error):
        assert error.value.faultCode == 2
        assert "Try again in a moment" in error.value.faultString
    assert _state(max_, [a, b]) == before
    # once the other transaction is over, the same merge goes through
    _merge(max_, [a, b], keep=a)
    active, leads = _state(max_, [a, b])
    assert active == {a: True, b: False}
    assert [partner for _lead, partner in leads] == [a, a]


def test_two_overlapping_merges_at_once_one_wins_and_nothing_is_half_merged(managers):
    max_, mia, _server = managers
    a, b, c = _prospects(max_, "Race Martin SARL", "Race Martin", "Martin Race SARL")
    outcomes = dict(zip((a, c), race(lambda: _merge(max_, [a, b], a),
                                     lambda: _merge(mia, [b, c], c))))
    winners = [keep for keep, outcome in outcomes.items() if outcome is None]
    losers = [outcome for outcome in outcomes.values() if outcome is not None]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].faultCode == 2
    assert ("Try again in a moment" in losers[0].faultString
            or "already merged" in losers[0].faultString)
    winner = winners[0]
    active, leads = _state(max_, [a, b, c])
    assert active[b] is False and active[winner] is True
    other = c if winner == a else a
    assert active[other] is True, "the losing merge changed nothing"
    # every opportunity points to an active partner: the winner's, or the untouched one
    assert sorted(partner for _lead, partner in leads) == sorted([winner, winner, other])


def _wait(condition, what, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def test_a_check_saves_its_groups_although_the_partners_were_saved_meanwhile(managers):
    """A check over a large database reads the partners in a snapshot taken a
    minute before it saves its groups; salespeople save those partners in
    between. The check must not fail on them (nor block their saves)."""
    max_, mia, server = managers
    a, b = _prospects(max_, "Snapshot Bakery SARL", "Snapshot Bakery")
    max_.call("res.partner", "write", [a, b], {"email": "hello@snapshot-bakery.fr"})
    connection = psycopg2.connect(dbname=server.db)
    watcher = psycopg2.connect(dbname=server.db)
    watcher.autocommit = True
    try:
        with connection.cursor() as cr:
            # hold the check just before it writes its groups
            cr.execute("LOCK TABLE crm_prospect_dedup_group IN EXCLUSIVE MODE")
            wizard = mia.call("crm.prospect.dedup.check.wizard", "create", {
                "selection": "selected", "partner_ids": [(6, 0, [a, b])], "scope": "among"})
            check_id = mia.call("crm.prospect.dedup.check.wizard", "action_check",
                                [wizard])["res_id"]

            def check_waits_to_save():
                with watcher.cursor() as watch:
                    watch.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                                  "'Lock' AND query LIKE '%INSERT INTO crm_prospect_dedup_group%'")
                    return watch.fetchone()[0]
            _wait(check_waits_to_save, "the check to reach its save")
            # meanwhile salespeople save both partners (committed at once): a
            # status change locks its row, as a merge does
            contacted = max_.ref("crm_prospect_status.prospect_status_contacted")
            max_.call("res.partner", "write", [a], {"prospect_status_id": contacted})
            max_.call("res.partner", "write", [b], {"phone": "+33 1 40 00 00 01"})
        connection.rollback()
    finally:
        connection.close()
        watcher.close()

    def finished():
        check = mia.call("crm.prospect.dedup.check", "read", [check_id], ["state", "error"])[0]
        return check if check["state"] in ("done", "failed") else None
    check = _wait(finished, "the check to finish")
    assert check["state"] == "done", check["error"]
    groups = mia.call("crm.prospect.dedup.group", "search_read", [("check_id", "=", check_id)],
                      ["partner_ids"])
    assert [sorted(group["partner_ids"]) for group in groups] == [sorted([a, b])]
