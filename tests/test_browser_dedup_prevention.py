"""Duplicates kept out, through the real web client in headless Chromium:
the duplicate report of a CSV import of prospects (and its skip and flag
options), and the refusal of a duplicate on the partner form once a CRM
administrator (the CRM settings are theirs) has set the blocking threshold."""
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from browser import WebClient

SALESMAN = "sales_team.group_sale_salesman"


@pytest.fixture(scope="module")
def people(odoo_server):
    admin = odoo_server.admin()
    paul = admin.create_user("web_paul", [SALESMAN], name="Paul Prevent")
    yield admin, paul
    _set_block_threshold(admin, 0.0)


def _set_block_threshold(admin, value):
    settings = admin.call("res.config.settings", "create",
                          {"prospect_dedup_block_threshold": value})
    admin.call("res.config.settings", "execute", [settings])


@pytest.fixture
def web(browser, odoo_server, people):
    clients = []

    def open_as(login, password=None):
        try:
            client = WebClient(browser, odoo_server.url, login, password or login + "-pw")
        except PlaywrightTimeout:
            # the first page after the server started compiles the assets:
            # more than the 30 s a step is given, on a loaded machine
            client = WebClient(browser, odoo_server.url, login, password or login + "-pw")
        clients.append(client)
        return client
    yield open_as
    for client in clients:
        client.close()


def _prospect(user, **values):
    return user.call("res.partner", "create", dict(values, is_company=True, is_prospect=True))


def _open_import(user, text):
    """Prospects > Import, with TEXT as the CSV file chosen."""
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    user.page.click(".o_button_import")
    user.page.wait_for_selector(".oe_import")
    user.page.set_input_files("input.oe_import_file", files=[{
        "name": "prospects.csv", "mimeType": "text/csv", "buffer": text.encode()}])
    user.page.wait_for_selector(".oe_import_grid .oe_import_fields")


def test_import_reports_the_duplicate_rows_then_skips_or_flags_them(web, people):
    admin, paul = people
    _prospect(paul, name="Ebenisterie Vautrin", email="atelier@vautrin.example",
              phone="+33 3 83 00 00 01")
    text = ("name,email,phone,is_company\n"
            "Nouvelle Fromagerie Lebrun,contact@lebrun.example,+33 5 55 00 00 07,1\n"
            "EBENISTERIE VAUTRIN SARL,Atelier@Vautrin.example,03 83 00 00 01,1\n")
    user = web("web_paul")
    _open_import(user, text)
    mode = user.page.locator("select.o_prospect_dedup_import")
    expect(mode).to_be_visible()
    user.page.click(".o_import_validate")
    report = user.page.locator(".oe_import_error_report")
    line = report.locator(".oe_import_report_warning")
    expect(line).to_have_count(1)
    expect(line).to_contain_text('"EBENISTERIE VAUTRIN SARL" looks like the existing partner '
                                 '"Ebenisterie Vautrin"')
    expect(line).to_contain_text(re.compile(r"\(\d+%: .*same E-mail \(\+"))
    expect(line).to_contain_text("at row 3")  # the header is row 1
    user.screenshot("dedup_import_report")
    mode.select_option("skip")
    user.page.click(".o_import_import")
    user.page.wait_for_selector(".o_list_view")
    user.wait_loaded()
    assert paul.call("res.partner", "search_count",
                     [("name", "=", "Nouvelle Fromagerie Lebrun")]) == 1
    assert paul.call("res.partner", "search_count",
                     [("name", "=", "EBENISTERIE VAUTRIN SARL")]) == 0, "the duplicate skipped"

    # the same file again, the duplicate row flagged: tagged, and in the duplicate list
    _open_import(user, text.replace("Nouvelle Fromagerie Lebrun", "Fromagerie Lebrun Fils")
                 .replace("contact@lebrun.example", "fils@lebrun.example")
                 .replace("+33 5 55 00 00 07", "+33 5 55 00 00 08"))
    user.page.locator("select.o_prospect_dedup_import").select_option("flag")
    user.page.click(".o_import_import")
    user.page.wait_for_selector(".o_list_view")
    [flagged] = paul.call("res.partner", "search_read", [("name", "=", "EBENISTERIE VAUTRIN SARL")],
                          ["category_id"])
    tag = admin.ref("crm_prospect_dedup.res_partner_category_possible_duplicate")
    assert flagged["category_id"] == [tag]
    groups = paul.call("crm.prospect.dedup.group", "search_read",
                       [("partner_ids", "in", [flagged["id"]])], ["partner_ids", "state"])
    assert [(len(g["partner_ids"]), g["state"]) for g in groups] == [(2, "open")]
    [other] = set(groups[0]["partner_ids"]) - {flagged["id"]}
    [match] = paul.call("res.partner", "read", [other], ["name"])
    assert match["name"] == "Ebenisterie Vautrin"


def test_admin_sets_the_threshold_and_the_salesperson_is_refused_a_duplicate(web, people):
    admin, paul = people
    _set_block_threshold(admin, 0.0)
    existing = _prospect(paul, name="Cartonnerie Mallet", email="info@mallet.example",
                         phone="+33 2 40 00 00 09")
    boss = web("admin", "admin")
    boss.open_action("crm.crm_config_settings_action")
    field = boss.page.locator(".o_field_widget[name=prospect_dedup_block_threshold]")
    expect(field).to_be_visible()
    expect(boss.page.locator("label:has-text('Refuse duplicates from')")).to_be_visible()
    field.fill("0.9")
    boss.screenshot("dedup_block_setting")
    boss.page.click("button.oe_highlight:has-text('Save')")
    boss.page.wait_for_timeout(2000)
    boss.page.wait_for_selector(".o_main_content .o_setting_container")
    settings = admin.call("res.config.settings", "default_get",
                          ["prospect_dedup_block_threshold"])
    assert settings["prospect_dedup_block_threshold"] == 0.9

    user = web("web_paul")
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    user.page.click(".o_list_button_add")
    user.page.wait_for_selector(".o_form_view.o_form_editable")
    user.page.locator(".o_form_view .o_field_radio[name=company_type] "
                      "input[data-value=company]").check(force=True)
    user.fill("name", "CARTONNERIE MALLET")
    user.fill("email", "Info@Mallet.example")
    user.fill("phone", "02 40 00 00 09")
    user.page.click(".o_form_button_save")
    dialog = user.page.locator(".modal-dialog")
    expect(dialog).to_contain_text('"CARTONNERIE MALLET" is not created')
    expect(dialog).to_contain_text("Cartonnerie Mallet (")
    expect(dialog).to_contain_text("/web#id=%d&model=res.partner&view_type=form" % existing)
    expect(dialog).to_contain_text("same E-mail (+")
    user.screenshot("dedup_block_refused")
    dialog.locator(".modal-footer button").first.click()
    assert paul.call("res.partner", "search_count", [("name", "=", "CARTONNERIE MALLET")]) == 0
