"""The name of the search filter the user checked: the web client sends the
records' domain (the action's own conditions and the search's), not the
names of the filters; a filter or a favourite whose conditions give exactly
that domain names it ("My prospects")."""
import datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


def search_filter_name(env, action, domain):
    """The name of the one filter of ACTION's search view, or favourite
    (ir.filters) of the user, that gives DOMAIN; None when none or several do."""
    base = _evaluated(env, action.domain)
    wanted = _terms(domain)
    names = {name for name, conditions in _filters(env, action)
             if wanted in (_terms(expression.AND([base, conditions])),
                           _terms(expression.AND([conditions, base])))}
    return names.pop() if len(names) == 1 else None


def _filters(env, action):
    """(name, domain) of the filters of the search view and of the favourites."""
    model = env[action.res_model]
    view = model.fields_view_get(view_id=action.search_view_id.id, view_type="search")
    for node in etree.fromstring(view["arch"]).iter("filter"):
        if node.get("domain") and node.get("string"):
            yield node.get("string"), _evaluated(env, node.get("domain"))
    for favourite in env["ir.filters"].get_filters(action.res_model, action.id):
        yield favourite["name"], _evaluated(env, favourite["domain"])


def _evaluated(env, text):
    """The domain TEXT of a filter, evaluated as the web client does (its
    dates are today's); a filter that cannot be read matches nothing."""
    today = fields.Date.from_string(fields.Date.context_today(env.user))
    context = {"uid": env.uid, "user": env.user, "datetime": datetime,
               "relativedelta": relativedelta, "context_today": lambda: today}
    try:
        return safe_eval(text or "[]", context)
    except (ValueError, NameError, SyntaxError, TypeError, KeyError, AttributeError):
        return [("id", "=", 0)]


def _terms(domain):
    return [tuple(term) if isinstance(term, list) else term
            for term in expression.normalize_domain(list(domain))] if domain else []
