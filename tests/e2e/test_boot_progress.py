"""While the runtime downloads, the page says what it fetches and how far along it is, once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .support import REPO, app_frame

DOWNLOADING = re.compile(r"^Downloading Python runtime: (\d+(?:\.\d)?) of (\d+) MB$")

# Every text the status line shows, in order (it changes faster than a test could poll).
RECORD_STATUS = """
window.statusTexts = [];
new MutationObserver(() => {
  const stage = document.querySelector(".wasmlit-stage");
  const text = stage && stage.textContent;
  if (text && text !== window.statusTexts.at(-1)) window.statusTexts.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_download_progress_shows_megabytes_received_of_the_total(page: Page, serve_app) -> None:
    url = serve_app(REPO / "examples" / "hello")
    # A real link (20 Mbps), so the download takes seconds and the numbers can be seen moving.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": 20e6 / 8, "uploadThroughput": 4e6 / 8},
    )
    page.add_init_script(RECORD_STATUS)
    page.goto(url)

    status = page.get_by_role("status")
    expect(status).to_have_text(DOWNLOADING)
    assert status.inner_text().count("Downloading") == 1  # said once, not "Downloading… Downloading"

    expect(app_frame(page).get_by_role("heading", name="Hello from wasmlit")).to_be_visible()
    expect(status).to_have_count(0)  # gone once the app shows
    texts = page.evaluate("window.statusTexts")
    progress = [(float(m[1]), int(m[2])) for m in map(DOWNLOADING.match, texts) if m]
    received = [got for got, _ in progress]
    totals = {total for _, total in progress}
    assert len(totals) == 1 and 20 <= totals.pop() <= 80, texts  # the runtime's size, in MB
    assert len(received) >= 3 and received == sorted(received), texts  # it moves forward
    assert received[-1] >= 0.9 * progress[-1][1], texts  # up to (about) all of it
    assert texts[-1] == "Starting the app" or "Starting the app" in texts, texts
