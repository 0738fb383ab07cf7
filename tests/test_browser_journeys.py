"""A salesperson's journeys through the real web client, in headless Chromium:
what the user sees on screen at each step, with a screenshot of each."""
import re

import pytest
from playwright.sync_api import expect

from browser import WebClient

SALESMAN = "sales_team.group_sale_salesman"
PROJECT_MANAGER = "project.group_project_manager"


@pytest.fixture(scope="module")
def people(odoo_server):
    admin = odoo_server.admin()
    sally = admin.create_user("web_sally", [SALESMAN, PROJECT_MANAGER], name="Sally Browser")
    yield admin, sally
    _set_switch(admin, False)


def _set_switch(admin, on):
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": on})
    admin.call("res.config.settings", "execute", [settings])


@pytest.fixture
def web(browser, odoo_server, people):
    clients = []

    def open_as(login, password):
        client = WebClient(browser, odoo_server.url, login, password)
        clients.append(client)
        return client
    yield open_as
    for client in clients:
        client.close()


def _prospect(sally, name):
    return sally.call("res.partner", "create", {"name": name, "is_company": True, "is_prospect": True})


def test_admin_turns_the_switch_on_and_the_salesperson_sees_the_status_bar(web, people):
    admin, sally = people
    _set_switch(admin, False)
    prospect_id = _prospect(sally, "Switch Watchers SA")
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    expect(user.page.locator(".o_form_statusbar .o_statusbar_status")).to_be_hidden()

    boss = web("admin", "admin")
    boss.open_action("crm.crm_config_settings_action")
    box = boss.page.locator(".o_field_boolean[name=group_prospect_status]")
    expect(box).to_be_visible()
    expect(boss.page.locator("label:has-text('Manage statuses on prospects')")).to_be_visible()
    box.locator("input").check(force=True)
    boss.screenshot("settings_switch")
    boss.page.click("button.oe_highlight:has-text('Save')")
    boss.page.wait_for_timeout(2000)
    boss.page.wait_for_selector(".o_main_content .o_setting_container")
    expect(boss.page.locator(".o_sub_menu a", has_text="Prospect statuses")).to_be_visible()

    user.open_record("res.partner", prospect_id)
    bar = user.page.locator(".o_form_statusbar .o_statusbar_status")
    expect(bar).to_be_visible()
    expect(bar.locator("button.btn-primary")).to_have_text(re.compile("New"))
    user.screenshot("prospect_form_status_bar")


def test_salesperson_creates_a_prospect_with_flagged_address_lines(web, people):
    admin, sally = people
    user = web("web_sally", "web_sally-pw")
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    user.page.click(".o_list_button_add")
    user.page.wait_for_selector(".o_form_view.o_form_editable")
    user.page.locator(".o_form_view .o_field_radio[name=company_type] input[data-value=company]").check(force=True)
    user.fill("name", "Boulangerie des Flags")
    user.tab("Addresses")
    for name, city in (("Siège social", "Lyon"), ("Entrepôt nord", "Lille")):
        user.page.locator(".o_field_one2many[name=address_line_ids] .o_field_x2many_list_row_add a").click()
        modal = ".modal-dialog .o_form_view"
        user.page.wait_for_selector(modal)
        user.fill("name", name, scope=".modal-dialog")
        user.fill("street", "1 rue du Test", scope=".modal-dialog")
        user.fill("city", city, scope=".modal-dialog")
        user.page.locator(".modal-footer button:has-text('Save & Close')").click()
        user.page.wait_for_selector(".modal-dialog", state="detached")
    user.save()
    user.tab("Addresses")
    rows = user.page.locator(".o_field_one2many[name=address_line_ids] tr.o_data_row")
    expect(rows).to_have_count(2)

    head_office, warehouse = rows.filter(has_text="Siège social"), rows.filter(has_text="Entrepôt nord")
    # a column per flag, with its header, holding the icon on every row
    header = user.page.locator(".o_field_one2many[name=address_line_ids] thead th")
    for label in ("Invoice", "Delivery", "Default"):
        expect(header.filter(has_text=label)).to_have_count(1)
    for row in (head_office, warehouse):
        expect(row.locator("td.o_address_flag_cell")).to_have_count(3)
        expect(row.locator("td.o_address_flag_cell button")).to_have_count(3)

    def click_icon(row, title):
        row.locator("button[title='%s']" % title).click()
        user.wait_loaded()

    click_icon(head_office, "Not an invoice address: click to set")
    click_icon(warehouse, "Not a delivery address: click to set")
    click_icon(warehouse, "Not the default address: click to set")
    expect(head_office.locator("button[title='Invoice address: click to clear']")).to_be_visible()
    expect(warehouse.locator("button[title='Delivery address: click to clear']")).to_be_visible()
    expect(warehouse.locator("button[title='Default address: click to clear']")).to_be_visible()
    expect(head_office.locator("button[title='Not the default address: click to set']")).to_be_visible()
    user.screenshot("prospect_address_flags")

    [prospect_id] = sally.call("res.partner", "search", [("name", "=", "Boulangerie des Flags")])
    lines = {l["name"]: l["id"] for l in sally.call(
        "res.partner", "search_read", [("parent_id", "=", prospect_id)], ["name"])}
    addresses = sally.call("res.partner", "address_get", [prospect_id], ["invoice", "delivery", "default"])
    assert addresses == {"invoice": lines["Siège social"], "delivery": lines["Entrepôt nord"],
                         "default": lines["Entrepôt nord"], "contact": prospect_id}


def test_address_type_and_flags_follow_each_other_in_the_dialog(web, people):
    """Issue 13, data bug 2: type "Invoice address" ticks the invoice box at once
    and the saved line is flagged invoice; ticking "Delivery address" sets the type."""
    admin, sally = people
    prospect_id = _prospect(sally, "Typed Addresses SARL")
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    user.page.click(".o_form_button_edit")
    user.page.wait_for_selector(".o_form_view.o_form_editable")
    user.tab("Addresses")
    modal = ".modal-dialog .o_form_view"
    for name, choose in (("Compta", "type"), ("Quai", "delivery")):
        user.page.locator(".o_field_one2many[name=address_line_ids] .o_field_x2many_list_row_add a").click()
        user.page.wait_for_selector(modal)
        user.fill("name", name, scope=".modal-dialog")
        if choose == "type":
            user.page.locator(".modal-dialog select[name=type]").select_option(label="Invoice address")
            expect(user.page.locator(".modal-dialog .o_field_boolean[name=is_invoice_address] input")
                   ).to_be_checked()
        else:
            user.page.locator(".modal-dialog .o_field_boolean[name=is_delivery_address] input").check(force=True)
            expect(user.page.locator(".modal-dialog select[name=type]")).to_have_value(
                re.compile("delivery"))
        user.page.locator(".modal-footer button:has-text('Save & Close')").click()
        user.page.wait_for_selector(".modal-dialog", state="detached")
    user.save()
    user.tab("Addresses")
    rows = user.page.locator(".o_field_one2many[name=address_line_ids] tr.o_data_row")
    expect(rows.filter(has_text="Compta").locator(
        "button[title='Invoice address: click to clear']")).to_be_visible()
    expect(rows.filter(has_text="Quai").locator(
        "button[title='Delivery address: click to clear']")).to_be_visible()
    lines = sally.call("res.partner", "search_read", [("parent_id", "=", prospect_id)],
                       ["name", "type", "is_invoice_address", "is_delivery_address"])
    assert sorted((l["name"], l["type"], l["is_invoice_address"], l["is_delivery_address"])
                  for l in lines) == [("Compta", "invoice", True, False), ("Quai", "delivery", False, True)]


def test_each_contact_and_address_line_is_shown_once_on_the_form(web, people):
    """Issue 13, item 12: the address lines were shown twice, in the Addresses
    tab and in Odoo's "Contacts & Addresses" kanban."""
    admin, sally = people
    prospect_id = _prospect(sally, "Once Only SARL")
    for name, kind in (("Paul Ventes", "contact"), ("Entrepôt sud", "other"), ("Compta Once", "invoice")):
        sally.call("res.partner", "create", {"name": name, "type": kind, "parent_id": prospect_id,
                                             "street": "3 rue Unique", "city": "Nantes"})
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    tabs = user.page.locator(".o_notebook .nav-tabs a")
    expect(tabs.filter(has_text=re.compile("^Contacts$"))).to_have_count(1)
    expect(tabs.filter(has_text="Contacts & Addresses")).to_have_count(0)
    cards = user.page.locator(
        ".o_field_one2many[name=contact_line_ids] .o_kanban_record:not(.o_kanban_ghost)")
    rows = user.page.locator(".o_field_one2many[name=address_line_ids] tr.o_data_row")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Paul Ventes")
    expect(rows).to_have_count(2)
    for name in ("Paul Ventes", "Entrepôt sud", "Compta Once"):
        expect(user.page.locator(".o_form_view .o_kanban_record, .o_form_view tr.o_data_row",
                                 has_text=name)).to_have_count(1)
    user.tab("Addresses")
    expect(rows.filter(has_text="Entrepôt sud")).to_be_visible()
    user.screenshot("prospect_contacts_and_addresses")


def test_a_refusal_is_shown_as_a_warning_not_as_a_server_error(web, people):
    """Issue 13, item 14: a business refusal (here a second project without
    ticking "Create another project anyway") was titled "Odoo Server Error"."""
    admin, sally = people
    prospect_id = _prospect(sally, "Refused Twice SAS")
    sally.call("res.partner", "generate_project", [prospect_id])
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    user.page.locator(".o_form_statusbar button:has-text('Generate project')").click()
    user.page.locator(".modal-dialog .modal-footer button:has-text('Generate project')").click()
    warning = user.page.locator(".modal-dialog", has=user.page.locator(".o_dialog_warning"))
    expect(warning.locator(".o_dialog_warning")).to_contain_text("already has 1 project(s)")
    expect(warning.locator(".modal-title")).to_have_text(re.compile(r"^\s*Warning\s*$"))
    expect(user.page.locator(".o_dialog_error, .o_error_detail")).to_have_count(0)
    user.screenshot("refusal_warning")


def test_salesperson_moves_a_prospect_through_statuses_and_reads_the_chatter(web, people):
    admin, sally = people
    _set_switch(admin, True)
    prospect_id = _prospect(sally, "Statusbar Travellers SARL")
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    for status in ("Contacted", "Qualified"):
        user.page.locator(".o_statusbar_status button", has_text=status).first.click()
        user.wait_loaded()
        expect(user.page.locator(".o_statusbar_status button.btn-primary")).to_have_text(re.compile(status))
    chatter = user.page.locator(".o_chatter .o_thread_message")
    expect(chatter.first).to_contain_text("Contacted")
    expect(chatter.first).to_contain_text("Qualified")
    expect(user.page.locator(".o_chatter")).to_contain_text("Sally Browser")
    user.screenshot("prospect_status_chatter")

    user.open_action("crm_prospect_status.res_partner_action_prospect", "kanban")
    columns = user.page.locator(".o_kanban_group .o_column_title")
    expect(columns.first).to_have_text(re.compile("New"))
    expect(user.page.locator(".o_kanban_group", has_text="Qualified")).to_contain_text(
        "Statusbar Travellers SARL")
    user.screenshot("prospect_kanban_by_status")


def test_salesperson_generates_a_project_from_the_prospect(web, people):
    admin, sally = people
    prospect_id = _prospect(sally, "Projects Wanted SAS")
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    user.page.locator(".o_form_statusbar button:has-text('Generate project')").click()
    dialog = user.page.locator(".modal-dialog")
    expect(dialog.locator("input[name=name]")).to_have_value("Projects Wanted SAS")
    dialog.locator("input[name=name]").fill("Projects Wanted website")
    dialog.locator(".modal-footer button:has-text('Generate project')").click()
    user.page.wait_for_selector(".modal-dialog", state="detached")
    user.wait_loaded()
    expect(user.page.locator(".o_form_view")).to_contain_text("Projects Wanted website")
    user.screenshot("generated_project")
    projects = sally.call("project.project", "search_read", [("partner_id", "=", prospect_id)], ["name"])
    assert [p["name"] for p in projects] == ["Projects Wanted website"]


def test_salesperson_converts_the_prospect_into_a_customer(web, people):
    admin, sally = people
    prospect_id = _prospect(sally, "Almost Customers SA")
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    user.click_button("Convert to customer", ".o_form_statusbar")
    expect(user.page.locator(".o_form_statusbar button:has-text('Convert to customer')")).to_be_hidden()
    expect(user.page.locator(".o_chatter")).to_contain_text("Converted from prospect to customer.")
    user.screenshot("prospect_converted")
    [partner] = sally.call("res.partner", "read", [prospect_id], ["customer", "is_prospect"])
    assert partner == {"id": prospect_id, "customer": True, "is_prospect": False}


def test_html_and_script_in_a_prospect_name_and_notes_are_shown_escaped(web, people):
    admin, sally = people
    name = "<b>Bold</b> <script>window.injected = 1</script> SA"
    prospect_id = sally.call("res.partner", "create", {
        "name": name, "is_company": True, "is_prospect": True,
        "comment": "<img src=x onerror=\"window.injected = 2\">"})
    user = web("web_sally", "web_sally-pw")
    user.open_record("res.partner", prospect_id)
    expect(user.page.locator(".o_form_view .oe_title h1")).to_contain_text(name)
    assert user.page.locator(".o_form_view .oe_title h1 b").count() == 0
    user.tab("Internal Notes")
    expect(user.page.locator(".o_form_view")).to_contain_text("<img src=x")
    assert user.page.evaluate("window.injected === undefined")
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    expect(user.page.locator(".o_list_view")).to_contain_text(name)
    assert user.page.evaluate("window.injected === undefined")
    user.screenshot("prospect_escaped_html")
