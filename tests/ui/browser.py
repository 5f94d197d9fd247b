"""A real headless browser: Debian's chromium driven by selenium through chromedriver.

The test skips, saying why, when chromium or chromedriver is missing (`make test`
installs them with apt-get on Debian: the `browser` target of the Makefile).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from local_harness.environment import STATE_HOME

# Screenshots the tests keep, one folder per test, for a person to look at afterwards.
SCREENSHOTS = STATE_HOME / "screenshots"

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def _find(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator:
    browser, driver = _find(CHROMIUM), _find(("chromedriver",))
    if not browser or not driver:
        pytest.skip(
            "no chromium/chromedriver on this machine (Debian: apt-get install chromium "
            "chromium-driver, or `make browser`)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def screenshots(test_name: str) -> Path:
    folder = SCREENSHOTS / test_name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
