"""Prospects merged over XML-RPC, as the concurrency and undo tests do it."""
import threading
import xmlrpc.client


def prospects(user, *names):
    """Prospect companies named NAMES, each with an opportunity; their ids."""
    ids = []
    for name in names:
        partner = user.call("res.partner", "create", {"name": name, "is_company": True,
                                                      "is_prospect": True})
        user.call("crm.lead", "create", {"name": "Deal of " + name, "type": "opportunity",
                                         "partner_id": partner})
        ids.append(partner)
    return ids


def merge(user, partner_ids, keep):
    """Merge PARTNER_IDS into KEEP through the wizard, as USER."""
    context = {"active_model": "res.partner", "active_ids": partner_ids}
    wizard = user.call("crm.prospect.dedup.merge.wizard", "create", {}, context=context)
    user.call("crm.prospect.dedup.merge.wizard", "write", [wizard], {"dst_partner_id": keep})
    return user.call("crm.prospect.dedup.merge.wizard", "action_merge", [wizard], context=context)


def state(user, partner_ids):
    """({partner id: active}, [(opportunity id, partner id)]) of PARTNER_IDS."""
    partners = user.call("res.partner", "search_read", [("id", "in", partner_ids)], ["active"],
                         context={"active_test": False})
    leads = user.call("crm.lead", "search_read", [("partner_id", "in", partner_ids)],
                      ["partner_id"])
    return ({p["id"]: p["active"] for p in partners},
            sorted((l["id"], l["partner_id"][0]) for l in leads))


def race(*calls):
    """Run the functions CALLS at the same moment, each in its own thread;
    returns their outcomes in order: None when it went through, else the
    XML-RPC fault."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            call()
        except xmlrpc.client.Fault as fault:
            outcomes[index] = fault

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes
