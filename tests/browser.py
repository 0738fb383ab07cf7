"""Driving Odoo 11's web client in Debian's Chromium through Playwright (no
browser is downloaded: Playwright is pointed at /usr/bin/chromium)."""
import os
import re

from playwright.sync_api import expect

CHROMIUM = os.environ.get("PROSPECTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENSHOTS = os.environ.get("PROSPECTS_SCREENSHOTS") or os.path.join(ROOT, ".run", "screenshots")


class WebClient:
    """One user's browser tab on the Odoo web client."""

    def __init__(self, browser, url, login, password):
        self.url = url
        self.context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-US")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30000)
        self.page.goto(url + "/web/login")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector(".o_web_client .o_main_content")

    def close(self):
        self.context.close()

    def goto(self, fragment):
        """Load the web client afresh on FRAGMENT (a new query string makes it a
        real page load, not a change of the URL's hash)."""
        self.visits = getattr(self, "visits", 0) + 1
        self.page.goto("%s/web?visit=%d#%s" % (self.url, self.visits, fragment))
        self.wait_loaded()

    def open_action(self, xmlid, view_type=None):
        self.goto("action=%s%s" % (xmlid, "&view_type=%s" % view_type if view_type else ""))

    def open_record(self, model, record_id):
        self.goto("model=%s&id=%d&view_type=form" % (model, record_id))
        self.page.wait_for_selector(".o_form_view")

    def wait_loaded(self):
        self.page.wait_for_selector(".o_content > div, .o_view_manager_content > div")
        self.page.wait_for_function("!document.querySelector('.o_loading') || "
                                    "getComputedStyle(document.querySelector('.o_loading')).display == 'none'")
        self.page.wait_for_timeout(300)

    def field_input(self, name, scope=""):
        return self.page.locator("%s .o_field_widget[name=%s], %s input[name=%s]" % (scope, name, scope, name)).first

    def fill(self, name, value, scope=".o_form_view"):
        self.page.locator("%s input[name=%s], %s textarea[name=%s]" % (scope, name, scope, name)).first.fill(value)

    def click_button(self, text, scope=""):
        self.page.locator("%s button:has-text('%s')" % (scope, text)).first.click()
        self.wait_loaded()

    def save(self):
        self.page.click(".o_form_button_save")
        self.page.wait_for_selector(".o_form_view.o_form_readonly")
        self.wait_loaded()

    def tab(self, title):
        self.page.locator(".o_notebook .nav-tabs a", has_text=re.compile("^%s$" % re.escape(title))).click()

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, name + ".png")
        # no tooltip of whatever the last click left the mouse on
        self.page.mouse.move(0, 0)
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=path)
        return path

    def expect_text(self, selector, text):
        expect(self.page.locator(selector).first).to_contain_text(text)
