"""Check duplicates, merge them, and the warning while typing, through the
real web client in headless Chromium, as a salesperson."""
import re

import pytest
from playwright.sync_api import expect

from browser import WebClient

SALESMAN = "sales_team.group_sale_salesman"


@pytest.fixture(scope="module")
def dana(odoo_server):
    return odoo_server.admin().create_user("web_dana", [SALESMAN], name="Dana Dedup")


@pytest.fixture
def user(browser, odoo_server, dana):
    client = WebClient(browser, odoo_server.url, "web_dana", "web_dana-pw")
    yield client
    client.close()


def _prospect(dana, **values):
    return dana.call("res.partner", "create", dict(values, is_company=True, is_prospect=True))


def test_salesperson_checks_then_merges_duplicates_from_the_prospect_list(user, dana):
    kept = _prospect(dana, name="Verrerie Dubreuil SARL", email="contact@dubreuil.example",
                     phone="+33 4 78 00 00 01")
    other = _prospect(dana, name="VERRERIE DUBREUIL", email="Contact@Dubreuil.example",
                      city="Lyon")
    _prospect(dana, name="Atelier Sans Double", email="atelier@sans-double.example")
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    rows = user.page.locator(".o_list_view tr.o_data_row")
    for name in ("Verrerie Dubreuil SARL", "VERRERIE DUBREUIL", "Atelier Sans Double"):
        row = rows.filter(has_text=re.compile(re.escape(name)))  # case-sensitive
        row.locator(".o_list_record_selector input").check(force=True)
    user.page.locator(".o_cp_sidebar button:has-text('Action')").click()
    user.page.locator(".o_cp_sidebar a:has-text('Check duplicates')").click()
    dialog = user.page.locator(".modal-dialog")
    expect(dialog).to_contain_text("Check duplicates")
    expect(dialog.locator(".o_field_widget[name=selected_count]")).to_have_text("3")
    user.screenshot("dedup_check_wizard")
    dialog.locator("button:has-text('Check')").first.click()
    user.page.wait_for_selector(".o_form_view .o_field_widget[name=state]")
    state = user.page.locator(".o_statusbar_status button.btn-primary")
    print("state of the check when its page opened:", state.inner_text())
    # the page follows the check by itself: no click on Refresh
    expect(state).to_contain_text("Done", timeout=60000)
    expect(user.page.locator(".o_form_view .oe_title")).to_contain_text(
        re.compile(r"Duplicates among 3 selected prospects – \d\d/\d\d/\d{4} \d\d:\d\d"))
    expect(user.page.locator(".o_field_widget[name=checked_text]")).to_have_text("3 selected prospects")
    groups = user.page.locator(".o_field_one2many[name=group_ids] tr.o_data_row")
    expect(groups).to_have_count(1)
    expect(groups.first).to_contain_text("Verrerie Dubreuil SARL")
    expect(groups.first).to_contain_text("same E-mail (+")
    expect(user.page.locator(".o_field_widget[name=progress]")).to_contain_text("100")
    user.screenshot("dedup_check_done")

    groups.first.locator("button[title='Merge']").click()
    dialog = user.page.locator(".modal-dialog").last
    expect(dialog).to_contain_text("Merge duplicates")
    expect(dialog.locator(".o_field_widget[name=dst_partner_id] input")).to_have_value(
        "Verrerie Dubreuil SARL")
    lines = dialog.locator(".o_field_one2many[name=line_ids] tr.o_data_row")
    city = lines.filter(has_text="City")
    expect(city).to_contain_text("Verrerie Dubreuil SARL: (empty)")
    expect(city.locator("td").last).to_have_text("Lyon")
    user.screenshot("dedup_merge_wizard")
    dialog.locator(".modal-footer button:has-text('Merge')").click()
    user.page.locator(".modal-footer button:has-text('Ok')").click()
    user.page.wait_for_selector(".o_form_view .o_chatter")
    user.wait_loaded()
    expect(user.page.locator(".o_form_view .oe_title")).to_contain_text("Verrerie Dubreuil SARL")
    expect(user.page.locator(".o_chatter .o_thread_message").first).to_contain_text("Merged with")
    user.screenshot("dedup_merged_partner")
    [merged] = dana.call("res.partner", "read", [other], ["active"], context={"active_test": False})
    assert merged["active"] is False
    [partner] = dana.call("res.partner", "read", [kept], ["city", "phone"])
    assert (partner["city"], partner["phone"]) == ("Lyon", "+33 4 78 00 00 01")


def test_new_prospect_form_warns_about_an_existing_duplicate_with_a_link(user, dana):
    existing = _prospect(dana, name="Tonnellerie Marchand", email="info@marchand.example")
    user.open_action("crm_prospect_status.res_partner_action_prospect", "list")
    user.page.click(".o_list_button_add")
    user.page.wait_for_selector(".o_form_view.o_form_editable")
    banner = user.page.locator(".o_dedup_warning")
    expect(banner).to_be_hidden()
    user.fill("name", "TONNELLERIE MARCHAND SAS")
    user.page.locator(".o_form_view input[name=email]").first.click()
    user.wait_loaded()
    user.fill("email", "Info@Marchand.example")
    user.page.locator(".o_form_view input[name=phone]").first.click()
    user.wait_loaded()
    expect(banner).to_be_hidden()  # a person is not matched with a company
    user.page.locator(".o_form_view .o_field_radio[name=company_type] "
                      "input[data-value=company]").check(force=True)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Possible duplicates")
    link = banner.locator("a", has_text="Tonnellerie Marchand")
    expect(link).to_have_attribute("href", re.compile(r"id=%d&model=res.partner" % existing))
    expect(banner).to_contain_text("same E-mail (+")
    # below the smart buttons, not under them
    buttons = user.page.locator(".o_form_view .oe_button_box").first.bounding_box()
    assert buttons["height"] > 0
    assert banner.bounding_box()["y"] >= buttons["y"] + buttons["height"] - 1
    user.screenshot("dedup_typing_warning")
    user.save()
    assert dana.call("res.partner", "search_count",
                     [("name", "=", "TONNELLERIE MARCHAND SAS")]) == 1


def test_salesperson_undoes_a_merge_from_the_kept_prospect(user, dana):
    kept = _prospect(dana, name="Fonderie Amblard SA", email="contact@amblard.example")
    other = _prospect(dana, name="FONDERIE AMBLARD", email="contact@amblard.example")
    for partner, name in ((kept, "Cast iron order"), (other, "Bronze order")):
        dana.call("crm.lead", "create", {"name": name, "type": "opportunity",
                                         "partner_id": partner})
    context = {"active_model": "res.partner", "active_ids": [kept, other]}
    wizard = dana.call("crm.prospect.dedup.merge.wizard", "create", {"dst_partner_id": kept},
                       context=context)
    dana.call("crm.prospect.dedup.merge.wizard", "action_merge", [wizard], context=context)

    user.open_record("res.partner", kept)
    merges = user.page.locator(".o_form_view .oe_stat_button:has-text('Merges')")
    expect(merges).to_contain_text("1", timeout=30000)
    merges.click()
    user.wait_loaded()
    entries = user.page.locator(".o_list_view tr.o_data_row")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Fonderie Amblard SA ← FONDERIE AMBLARD")
    entries.first.click()
    user.page.wait_for_selector(".o_form_view .o_form_statusbar button:has-text('Undo the merge')")
    user.screenshot("dedup_merge_journal")
    user.page.locator(".o_form_statusbar button:has-text('Undo the merge')").click()
    user.page.locator(".modal-footer button:has-text('Ok')").click()
    user.page.wait_for_selector(".o_form_view .o_chatter")
    user.wait_loaded()
    expect(user.page.locator(".o_form_view .oe_title")).to_contain_text("Fonderie Amblard SA")
    expect(user.page.locator(".o_chatter .o_thread_message").first).to_contain_text("was undone")
    for partner, name in ((kept, "Cast iron order"), (other, "Bronze order")):
        user.open_record("res.partner", partner)
        expect(user.page.locator(".o_form_view .oe_stat_button:has-text('Active')")
               ).to_have_count(1)
        leads = dana.call("crm.lead", "search_read", [("partner_id", "=", partner)], ["name"])
        assert [lead["name"] for lead in leads] == [name]
        expect(user.page.locator(".o_form_view .oe_stat_button:has-text('Opportunit')")
               ).to_contain_text("1")
    [merged] = dana.call("res.partner", "read", [other], ["active"], context={"active_test": False})
    assert merged["active"] is True
