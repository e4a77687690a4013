"""Every setting the code reads is documented in the README (datasette's rule)."""

from pathlib import Path

import pytest

from dashboard.settings import SETTINGS as DASHBOARD_SETTINGS
from etl.settings import SETTINGS as ETL_SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", [*ETL_SETTINGS, *DASHBOARD_SETTINGS], ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme_with_its_default(setting):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{setting.name}`")),
               None)
    assert row is not None, f"{setting.name} is not in the README's settings tables"
    if setting.default:
        assert f"`{setting.default}`" in row, f"README does not state {setting.name}'s default"


def test_readme_documents_no_setting_the_code_does_not_know():
    known = {s.name for s in (*ETL_SETTINGS, *DASHBOARD_SETTINGS)}
    documented = {line.split("`")[1] for line in README.splitlines()
                  if line.startswith("| `WIJKSIGNAAL_")}
    assert documented <= known
