#!/usr/bin/env python3
"""Click through `scr review`'s board in headless Chromium, as a Master Admin would.

Usage:
    python3 Tests/browser/review_board.py --url URL --actions ACTIONS.json --out OBSERVED.json \
        [--screenshots DIR]

URL is the address `scr review` printed (it holds ?token=...). ACTIONS.json names the clusters to act on:
    {"accept": "c-...", "reject": "c-...",
     "split": {"cluster": "c-...", "groups": [["hq:A", "xpm:B"], ["xpm:C"]]},
     "takeOut": {"cluster": "c-...", "member": "xpm:C"},
     "relink": {"cluster": "c-...", "record": "xpm:D", "search": "text to type"},
     "xss": "c-... or null", "confirm": true, "commit": true}
Every key may be left out (or null) to skip its step. OBSERVED.json receives
    {"decisions": {cluster: decision}, "bulkConfirmText": "...", "result": "..."}
for the review clusters as the board shows them after a reload. Exit 0 when every step passed; otherwise the
failing step and the page's #message are printed and the exit status is 1.

Needs `selenium` 4 (PyPI) and Debian's `chromium` and `chromium-driver` (/usr/bin/chromedriver); the browser
binary is $CHROME, /usr/bin/chromium by default.
"""

import argparse
import json
import os
import re
import sys
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 20
PROGRESS = re.compile(r"(\d+) of (\d+) review clusters decided")

# True once the board has loaded the view that the address names (the page sets #board's data-view to the
# hash of the filter it last rendered, and aria-busy while a request is under way).
BOARD_READY = """
const board = document.getElementById("board");
return !!board && board.getAttribute("aria-busy") === "false"
    && board.getAttribute("data-view") === (location.hash || "#/");
"""
BOARD_ROWS = """
return Array.from(document.querySelectorAll("#board tbody tr[data-cluster]")).map((row) => ({
    id: row.getAttribute("data-cluster"),
    decision: row.getAttribute("data-decision"),
    status: (row.querySelector("td.status") || {}).textContent || "",
    name: (row.querySelector("td.name") || {}).textContent || "",
}));
"""


def css_string(value):
    """A CSS string literal for an attribute selector."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Run:
    def __init__(self, driver, url, screenshots):
        self.driver = driver
        self.url = url
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.screenshots = screenshots
        self.step = "start"

    # ---- waiting and finding ----

    def wait(self, condition, what, timeout=TIMEOUT):
        waiter = WebDriverWait(
            self.driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
        )
        try:
            return waiter.until(condition)
        except TimeoutException:
            raise AssertionError(f"{self.step}: timed out after {timeout} s waiting for {what}") from None

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def present(self, selector):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def click(self, selector, what=None):
        clickable = EC.element_to_be_clickable((By.CSS_SELECTOR, selector))
        element = self.wait(clickable, what or f"{selector} to be clickable")
        # As a person scrolls: an element under the sticky header receives no click.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element = self.wait(clickable, what or f"{selector} to be clickable")
        element.click()

    def board_ready(self):
        self.wait(lambda d: d.execute_script(BOARD_READY), "the board to load")

    def rows(self):
        return self.driver.execute_script(BOARD_ROWS)

    def message(self):
        try:
            return self.find("#message").text
        except Exception:  # noqa: BLE001 - only for the failure report
            return ""

    def shot(self, name):
        if self.screenshots:
            os.makedirs(self.screenshots, exist_ok=True)
            self.driver.save_screenshot(os.path.join(self.screenshots, name))

    def assert_no_alert(self, where):
        try:
            alert = self.driver.switch_to.alert
        except NoAlertPresentException:
            return
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"{self.step}: an alert opened {where}: {text!r}")

    # ---- navigation ----

    def to_board(self):
        if not self.present("#board"):
            if self.present("#back"):
                self.click("#back")
            else:
                self.driver.get(self.origin + "/#/")
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#board"), "the board")
        self.board_ready()

    def set_status(self, value):
        select = Select(self.wait(EC.element_to_be_clickable((By.ID, "status-filter")), "#status-filter"))
        if select.first_selected_option.get_attribute("value") != value:
            select.select_by_value(value)
        if value == "all":
            self.wait(lambda d: "status=" not in d.execute_script("return location.hash"), "the status filter")
        else:
            self.wait(lambda d: f"status={value}" in d.execute_script("return location.hash"), "the status filter")
        self.board_ready()

    def wait_cluster(self, cluster, decision=None):
        selector = f"#cluster[data-cluster={css_string(cluster)}]"
        if decision is not None:
            selector += f"[data-decision={css_string(decision)}]"
        what = f"cluster {cluster}" + (f" to show the decision {decision!r}" if decision is not None else "")
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, selector), what)

    def open_cluster(self, cluster):
        """Click the cluster's name on the board: the current view first, then every cluster, page by page."""
        self.to_board()
        link = f"#board tr[data-cluster={css_string(cluster)}] a.cluster-link"
        for status in (None, "all"):
            if status:
                self.set_status(status)
            while True:
                if self.present(link):
                    self.click(link, f"the link of cluster {cluster}")
                    self.wait_cluster(cluster)
                    return
                if not self.find("#next-page").is_enabled():
                    break
                self.click("#next-page")
                self.board_ready()
        raise AssertionError(f"{self.step}: cluster {cluster} is not on the board")

    def back(self):
        self.click("#back")
        self.board_ready()

    # ---- the steps ----

    def open_board(self):
        self.step = "1 open the board"
        self.driver.get(self.url)
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#board"), "#board")
        self.board_ready()
        if "token=" in self.driver.current_url:
            raise AssertionError(f"{self.step}: the address still holds the token: {self.driver.current_url}")

    def filter_review(self):
        self.step = "2 filter the review clusters"
        self.to_board()
        self.set_status("review")

        def only_review(driver):
            rows = driver.execute_script(BOARD_ROWS)
            return bool(rows) and all("review" in row["status"] for row in rows)

        self.wait(only_review, "every board row's status to say review")

    def accept(self, cluster):
        self.step = f"3 accept {cluster}"
        self.open_cluster(cluster)
        self.click("#accept")
        self.wait_cluster(cluster, "accept")
        self.back()

    def reject(self, cluster):
        self.step = f"4 reject {cluster} with the key r"
        self.open_cluster(cluster)
        self.find("body").send_keys("r")
        self.wait_cluster(cluster, "reject")
        self.find("body").send_keys(Keys.ESCAPE)
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#board"), "Escape to go back to the board")
        self.board_ready()

    def split(self, action):
        cluster = action["cluster"]
        self.step = f"5 split {cluster}"
        self.open_cluster(cluster)
        self.click("#split")
        self.wait(EC.visibility_of_element_located((By.ID, "split-panel")), "#split-panel to open")
        for number, group in enumerate(action["groups"], start=1):
            for member in group:
                selector = f"#split-panel button.group[data-member={css_string(member)}][data-group=\"{number}\"]"
                self.click(selector, f"the group {number} button of {member}")
        self.click("#split-save")
        self.wait_cluster(cluster, "split")
        self.shot("cluster.png")
        self.back()

    def take_out(self, action):
        cluster, member = action["cluster"], action["member"]
        self.step = f"6 take {member} out of {cluster}"
        self.open_cluster(cluster)
        self.click(f"button.take-out[data-member={css_string(member)}]", f"the take-out button of {member}")
        self.wait_cluster(cluster, "split")
        self.back()

    def relink(self, action):
        cluster, record = action["cluster"], action["record"]
        self.step = f"7 re-link {record} into {cluster}"
        self.open_cluster(cluster)
        self.click("#relink")
        self.wait(lambda d: d.find_element(By.ID, "relink-dialog").get_attribute("open") is not None, "the dialog")
        search = self.wait(EC.element_to_be_clickable((By.ID, "relink-search")), "#relink-search")
        search.send_keys(action.get("search") or record)
        self.click(f"li.relink-result[data-reference={css_string(record)}]", f"the search result {record}")
        self.wait_cluster(cluster, "relink")
        self.back()

    def bulk_accept(self):
        self.step = "8 accept the rest in bulk"
        self.to_board()
        self.set_status("review")
        text = ""
        if self.find("#bulk-accept").is_enabled():
            self.click("#bulk-accept")
            alert = self.wait(EC.alert_is_present(), "the bulk-accept question")
            text = alert.text
            alert.accept()

        def all_decided(driver):
            match = PROGRESS.search(driver.find_element(By.ID, "progress").text)
            return bool(match) and match.group(1) == match.group(2)

        self.wait(all_decided, "#progress to say every review cluster is decided")
        self.board_ready()
        return text

    def read_decisions(self):
        self.step = "9 reload and read the decisions"
        self.driver.refresh()
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#board"), "#board after the reload")
        self.board_ready()
        self.set_status("review")
        self.shot("board.png")
        decisions = {}
        while True:
            for row in self.rows():
                decisions[row["id"]] = row["decision"]
            if not self.find("#next-page").is_enabled():
                break
            self.click("#next-page")
            self.board_ready()
        return decisions

    def xss(self, cluster):
        self.step = f"10 a name holding <script> ({cluster})"
        self.open_cluster(cluster)
        self.assert_no_alert("on the cluster page")
        name = self.find("#cluster-name").text
        if "<script>" not in name:
            raise AssertionError(f"{self.step}: #cluster-name shows {name!r}, not the literal <script>")
        scripts = self.driver.execute_script("return document.querySelectorAll('script').length")
        if scripts != 1:
            raise AssertionError(f"{self.step}: the document holds {scripts} script elements, not only board.js")
        self.back()
        self.set_status("all")
        search = self.find("#search")
        search.clear()
        search.send_keys("script")
        self.wait(lambda d: "q=script" in d.execute_script("return location.hash"), "the search to apply")
        self.board_ready()
        self.assert_no_alert("on the board")
        rows = [row for row in self.rows() if row["id"] == cluster]
        if not rows:
            raise AssertionError(f"{self.step}: searching 'script' does not show cluster {cluster}")
        if "<script>" not in rows[0]["name"]:
            raise AssertionError(f"{self.step}: the name cell shows {rows[0]['name']!r}, not the literal <script>")
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys(Keys.DELETE)
        self.wait(lambda d: "q=" not in d.execute_script("return location.hash"), "the search to clear")
        self.board_ready()

    def confirm(self):
        self.step = "11 confirm the plan"
        self.to_board()
        self.click("#confirm", "#confirm to be enabled (every cluster decided)")

        def confirmed(driver):
            result = driver.find_element(By.ID, "result")
            return result.get_attribute("data-result") in ("confirm", "error") and result.text

        self.wait(confirmed, "#result to show the confirmation")
        text = self.find("#result").text
        if "onfirmed" not in text or self.find("#result").get_attribute("data-result") != "confirm":
            raise AssertionError(f"{self.step}: #result says {text!r}")
        return text

    def commit(self):
        self.step = "11 commit the plan"
        self.to_board()
        self.click("#commit", "#commit to be shown and enabled")

        def committed(driver):
            result = driver.find_element(By.ID, "result")
            return result.get_attribute("data-result") in ("commit", "error") and result.text

        self.wait(committed, "#result to show the commit")
        text = self.find("#result").text
        if "ommit" not in text or self.find("#result").get_attribute("data-result") != "commit":
            raise AssertionError(f"{self.step}: #result says {text!r}")
        return text


def make_driver():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROME") or "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    parser = argparse.ArgumentParser(description="Click through the scr review board in headless Chromium.")
    parser.add_argument("--url", required=True, help="The address scr review printed, with its token.")
    parser.add_argument("--actions", required=True, help="The JSON file naming the clusters to act on.")
    parser.add_argument("--out", required=True, help="Where to write what the board showed, as JSON.")
    parser.add_argument("--screenshots", help="A folder for board.png and cluster.png.")
    arguments = parser.parse_args()
    with open(arguments.actions, encoding="utf-8") as file:
        actions = json.load(file)

    driver = make_driver()
    run = Run(driver, arguments.url, arguments.screenshots)
    observed = {"decisions": {}, "bulkConfirmText": "", "result": ""}
    try:
        run.open_board()
        run.filter_review()
        if actions.get("accept"):
            run.accept(actions["accept"])
        if actions.get("reject"):
            run.reject(actions["reject"])
        if actions.get("split"):
            run.split(actions["split"])
        if actions.get("takeOut"):
            run.take_out(actions["takeOut"])
        if actions.get("relink"):
            run.relink(actions["relink"])
        observed["bulkConfirmText"] = run.bulk_accept()
        observed["decisions"] = run.read_decisions()
        if actions.get("xss"):
            run.xss(actions["xss"])
        if actions.get("confirm"):
            observed["result"] = run.confirm()
        if actions.get("commit"):
            observed["result"] = run.commit()
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        if isinstance(error, AssertionError):
            print(f"review_board: failed at step {error}", file=sys.stderr)
        else:
            print(f"review_board: failed at step {run.step}: {type(error).__name__}: {error}", file=sys.stderr)
        try:
            run.assert_no_alert("")
        except AssertionError as alert:
            print(f"review_board: {alert}", file=sys.stderr)
        except Exception:  # noqa: BLE001
            pass
        print(f"review_board: #message: {run.message()!r}", file=sys.stderr)
        try:
            run.shot("failure.png")
        except Exception:  # noqa: BLE001
            pass
        driver.quit()
        return 1
    driver.quit()
    with open(arguments.out, "w", encoding="utf-8") as file:
        json.dump(observed, file, indent=2, ensure_ascii=False)
        file.write("\n")
    print(f"review_board: every step passed; {len(observed['decisions'])} review clusters read")
    return 0


if __name__ == "__main__":
    sys.exit(main())
