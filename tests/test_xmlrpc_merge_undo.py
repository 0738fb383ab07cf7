"""Undo a merge (issue 14) on the real server, over XML-RPC: from a server
started after the merge, and two users undoing the same merge at once."""
import xmlrpc.client

import psycopg2
import pytest
from conftest import OdooServer, serving
from merging import merge, prospects, race, state

SALESPERSON = "sales_team.group_sale_salesman"
JOURNAL = "crm.prospect.dedup.merge.journal"


def _merge(user, partner_ids, keep):
    """Merge through the wizard; returns the merge's journal entry."""
    merge(user, partner_ids, keep)
    return user.call(JOURNAL, "search", [("kept_partner_id", "=", keep)], limit=1)[0]


@pytest.fixture(scope="module")
def salespeople(odoo_server):
    admin = odoo_server.admin()
    return (admin.create_user("undo_sam", [SALESPERSON]),
            admin.create_user("undo_sue", [SALESPERSON]), odoo_server)


def test_a_merge_is_undone_by_a_freshly_started_server(salespeople, tmp_path_factory):
    """The journal is all the undo needs: a new server process on the database
    (a restart, the first server's memory left aside) undoes the merge."""
    sam, _sue, server = salespeople
    a, b = prospects(sam, "Restart Dupont SA", "Restart Dupont")
    before = state(sam, [a, b])
    journal = _merge(sam, [a, b], keep=a)
    assert state(sam, [a, b]) != before
    with serving(tmp_path_factory, "restarted", server.db) as url:
        user = OdooServer(url, server.db).login("undo_sam", "undo_sam-pw")
        user.call(JOURNAL, "action_undo", [journal])
        assert state(user, [a, b]) == before
        assert user.call(JOURNAL, "read", [journal], ["state"])[0]["state"] == "undone"


def test_an_undo_of_a_merge_being_undone_is_told_to_try_again(salespeople):
    sam, sue, server = salespeople
    a, b = prospects(sam, "Locked Undo SA", "Locked Undo")
    journal = _merge(sam, [a, b], keep=a)
    merged = state(sam, [a, b])
    connection = psycopg2.connect(dbname=server.db)
    try:
        with connection.cursor() as cr:
            # another transaction is undoing it: it holds the journal row
            cr.execute("SELECT id FROM crm_prospect_dedup_merge_journal WHERE id = %s "
                       "FOR NO KEY UPDATE", (journal,))
            with pytest.raises(xmlrpc.client.Fault) as error:
                sue.call(JOURNAL, "action_undo", [journal])
    finally:
        connection.rollback()
        connection.close()
    assert "Try again in a moment" in error.value.faultString
    assert state(sam, [a, b]) == merged, "nothing changed"
    sue.call(JOURNAL, "action_undo", [journal])
    assert state(sam, [a, b])[0] == {a: True, b: True}


def test_two_users_undoing_the_same_merge_at_once_one_wins(salespeople):
    sam, sue, _server = salespeople
    a, b = prospects(sam, "Race Undo SARL", "Race Undo")
    before = state(sam, [a, b])
    journal = _merge(sam, [a, b], keep=a)
    outcomes = race(*[lambda user=user: user.call(JOURNAL, "action_undo", [journal])
                      for user in (sam, sue)])
    losers = [outcome.faultString for outcome in outcomes if outcome is not None]
    assert len(losers) == 1, outcomes
    assert "Try again in a moment" in losers[0] or "already undone" in losers[0], losers
    assert state(sam, [a, b]) == before, "undone once, exactly"
