"""What the OCA coexistence matrix (test_oca_coexistence.py) does in a
database, run by `odoo shell` (which gives `env`): for each OCA module, plant
its data, take a checksum of that data, use its feature once, and use the
suite's feature once on that data.

Each probe is a class named after its OCA module:
- plant(env): the module's data, and a planted duplicate pair (found again
  by the e-mail address EMAIL % module in the later steps);
- DIGEST: SQL whose rows are the module's data (its tables and columns);
- oca_works(env): its feature, used on new records: True when it works;
- suite_works(env): the suite's feature on the module's data: True when it
  works.
The caller rolls back what oca_works and suite_works wrote.
"""
import hashlib
import json

EMAIL = "pair-%s@coexistence.example"


def pair(env, module):
    return env["res.partner"].with_context(active_test=False).search(
        [("email", "=", EMAIL % module)], order="id")


def plant_pair(env, module, **vals):
    """Two partners that the suite's check must find (same e-mail and city)."""
    for name in ("%s Coexistence SA" % module, "%s Coexistence" % module):
        env["res.partner"].create(dict({"name": name, "is_company": True, "email": EMAIL % module,
                                        "city": "Lyon"}, **vals))


def pair_found(env, module):
    partners = pair(env, module)
    groups = env["res.partner"].find_duplicate_groups([("id", "in", partners.ids)])
    return len(partners) == 2 and any(set(partners.ids) <= set(g["partner_ids"]) for g in groups)


class partner_firstname:
    DIGEST = "SELECT id, firstname, lastname, name FROM res_partner ORDER BY id"

    @staticmethod
    def plant(env):
        for firstname in ("Ada", "A."):
            env["res.partner"].create({"firstname": firstname, "lastname": "Lovelace",
                                       "email": EMAIL % "partner_firstname", "city": "London"})

    @staticmethod
    def oca_works(env):
        partner = env["res.partner"].create({"name": "Hopper Grace"})
        return bool(partner.firstname and partner.lastname) and partner.name == \
            partner._get_computed_name(partner.lastname, partner.firstname)

    @staticmethod
    def suite_works(env):
        """The pair is found, and the given name and surname keys are read
        from OCA's split names, whatever order the full name shows them in."""
        from odoo.addons.crm_prospect_dedup.matching.normalize import person_name_parts
        split_read = all(
            (p.dedup_given_key, p.dedup_surname_key)
            == person_name_parts("%s %s" % (p.firstname, p.lastname))
            for p in pair(env, "partner_firstname"))
        return split_read and pair_found(env, "partner_firstname")


class partner_prospect:
    DIGEST = "SELECT id, prospect FROM res_partner ORDER BY id"

    @staticmethod
    def sell(env, partner):
        product = env["product.product"].create({"name": "Coexistence service",
                                                 "type": "service", "list_price": 10})
        order = env["sale.order"].create({"partner_id": partner.id, "order_line": [
            (0, 0, {"product_id": product.id, "product_uom_qty": 1})]})
        order.action_confirm()

    @staticmethod
    def plant(env):
        plant_pair(env, "partner_prospect")
        partner_prospect.sell(env, pair(env, "partner_prospect")[0])

    @staticmethod
    def oca_works(env):
        partner = env["res.partner"].create({"name": "Buys later", "is_company": True})
        before = partner.prospect
        partner_prospect.sell(env, partner)
        partner.invalidate_cache()
        return before is True and partner.prospect is False

    @staticmethod
    def suite_works(env):
        """OCA's computed flag (no sale yet) and the suite's pipeline flag are
        two facts: neither sets the other."""
        bought, not_yet = pair(env, "partner_prospect")
        not_yet.write({"is_prospect": True})
        bought.write({"is_prospect": True})
        bought.invalidate_cache()
        return (bought.prospect, not_yet.prospect) == (False, True) \
            and pair_found(env, "partner_prospect")


class mass_mailing_partner:
    DIGEST = ("SELECT c.id, c.email, c.partner_id, array_agg(r.list_id ORDER BY r.list_id) "
              "FROM mail_mass_mailing_contact c LEFT JOIN mail_mass_mailing_contact_list_rel r "
              "ON r.contact_id = c.id GROUP BY c.id ORDER BY c.id")

    @staticmethod
    def contact(env, **vals):
        mailing_list = env["mail.mass_mailing.list"].create({"name": "Coexistence list"})
        return env["mail.mass_mailing.contact"].create(
            dict(vals, list_ids=[(6, 0, mailing_list.ids)]))

    @staticmethod
    def plant(env):
        plant_pair(env, "mass_mailing_partner")
        mass_mailing_partner.contact(env, partner_id=pair(env, "mass_mailing_partner")[0].id)

    @staticmethod
    def oca_works(env):
        """A contact typed with a partner's address is linked to the partner."""
        email = "reader@coexistence.example"
        partner = env["res.partner"].create({"name": "Reader", "email": email})
        return mass_mailing_partner.contact(env, name="Reader", email=email).partner_id == partner

    @staticmethod
    def suite_works(env):
        """The Marketing tab of the planted partner shows OCA's contact's list."""
        partner = pair(env, "mass_mailing_partner")[0]
        lists = partner.mass_mailing_contact_ids.mapped("list_ids")
        return bool(lists) and partner.mailing_list_ids == lists \
            and pair_found(env, "mass_mailing_partner")


class crm_deduplicate_by_website:
    """With crm_deduplicate_acl and crm_deduplicate_filter: OCA's options of
    Odoo's merge wizard, which the suite extends too."""
    DIGEST = ("SELECT u.login, array_agg(g.id ORDER BY g.id) FROM res_users u "
              "JOIN res_groups_users_rel r ON r.uid = u.id JOIN res_groups g ON g.id = r.gid "
              "JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = g.id "
              "AND d.module LIKE 'crm_deduplicate_%' GROUP BY u.login ORDER BY u.login")

    @staticmethod
    def plant(env):
        plant_pair(env, "crm_deduplicate_by_website", website="http://coexistence.example")
        env.ref("base.user_root").write({"groups_id": [
            (4, env.ref("crm_deduplicate_acl.group_unrestricted").id)]})

    @staticmethod
    def oca_works(env):
        """OCA's automatic merge by website, companies excluded: only the pair
        of persons sharing a website is proposed."""
        partners = env["res.partner"]
        persons = partners.browse([partners.create({"name": "Site %d" % n, "is_company": False,
                                                    "website": "http://persons.example"}).id
                                   for n in (1, 2)])
        wizard = env["base.partner.merge.automatic.wizard"].create({
            "group_by_website": True, "exclude_is_company": True, "state": "option"})
        wizard.action_start_manual_process()
        proposed = wizard.line_ids.mapped(lambda line: set(json.loads(line.aggr_ids)))
        return set(persons.ids) in proposed and \
            set(pair(env, "crm_deduplicate_by_website").ids) not in proposed

    @staticmethod
    def suite_works(env):
        return pair_found(env, "crm_deduplicate_by_website")


class base_search_fuzzy:
    DIGEST = ("SELECT t.id, f.name, t.index_name, t.index_type, i.indexdef FROM trgm_index t "
              "JOIN ir_model_fields f ON f.id = t.field_id "
              "LEFT JOIN pg_indexes i ON i.indexname = t.index_name ORDER BY t.id")

    @staticmethod
    def plant(env):
        plant_pair(env, "base_search_fuzzy")
        field = env["ir.model.fields"].search([("model", "=", "res.partner"),
                                               ("name", "=", "name")])
        env["trgm.index"].create({"field_id": field.id, "index_type": "gin"})

    @staticmethod
    def oca_works(env):
        env["res.partner"].create({"name": "Bartholomew Fuzzyname"})
        return env["res.partner"].search([("name", "%", "Bartolomew Fuzyname")]).mapped("name") \
            == ["Bartholomew Fuzzyname"]

    @staticmethod
    def suite_works(env):
        return pair_found(env, "base_search_fuzzy")


class queue_job:
    DIGEST = ("SELECT uuid, state, model_name, method_name, record_ids, args, kwargs, channel "
              "FROM queue_job ORDER BY uuid")

    @staticmethod
    def enqueue(env, partner):
        from odoo.addons.queue_job.job import Job
        return Job.enqueue(partner.name_get, description="Coexistence job")

    @staticmethod
    def plant(env):
        plant_pair(env, "queue_job")
        queue_job.enqueue(env, pair(env, "queue_job")[0])

    @staticmethod
    def oca_works(env):
        from odoo.addons.queue_job.job import Job
        partner = env["res.partner"].create({"name": "Queued"})
        job = Job.load(env, queue_job.enqueue(env, partner).uuid)
        job.perform()
        return job.result == partner.name_get()

    @staticmethod
    def suite_works(env):
        """The suite's duplicate check over the pair is a job of the job
        list, in the suite's channel, done, and finds the pair; the job
        planted before it is still pending."""
        partners = pair(env, "queue_job")
        checks = env["crm.prospect.dedup.check"].with_context(dedup_run_inline=True)
        check = checks.create({"domain": repr([("id", "in", partners.ids)])})
        check.action_start()
        job = check.queue_job_id
        planted = env["queue.job"].search([("name", "=", "Coexistence job")])
        return pair_found(env, "queue_job") and job.state == "done" \
            and job.channel == "root.prospect_dedup" and check.state == "done" \
            and set(partners.ids) <= set(check.mapped("group_ids.partner_ids").ids) \
            and "pending" in planted.mapped("state")


def digest(env, module):
    env.cr.execute(globals()[module].DIGEST)
    return hashlib.sha1(repr(env.cr.fetchall()).encode()).hexdigest()


def state(env, modules, suite_too):
    """{module: {'digest', 'oca', 'suite'}}: what works, then rolled back."""
    env.cr.commit()
    result = {}
    for module in modules:
        probe = globals()[module]
        result[module] = {"digest": digest(env, module), "oca": bool(probe.oca_works(env))}
        if suite_too:
            result[module]["suite"] = bool(probe.suite_works(env))
        env.cr.rollback()
        env.clear()
    return result


def report(label, value):
    print("REPORT %s %s" % (label, json.dumps(value, sort_keys=True)))
