"""Attack 2 (issue 15): labels that publish bounds pin suppressed cells.

21 voices: Woman 10, Man 1, Non-binary 10. Before the fix the page said
Man "fewer than 10" (1..9) and Non-binary "hidden" (a partner, so >= 10);
the hidden cells share 21 - 10 = 11, so Man = 1. The attacker here reads
the page and the open data and enumerates every assignment the labels and
the sums allow.
"""

import itertools

from tests.factories import metoo
from tests.security.aggregate_helpers import publish_figures, tap

K = 10
LABEL_BOUNDS = {"fewer than 10": (1, K - 1)}  # what the old labels said; "hidden" meant a partner >= k


def gender_rows(page: str) -> dict[str, str]:
    table = page.split("Your gender</caption>")[1].split("</table>")[0]
    rows = {}
    for row in table.split("<tr")[2:]:
        label = row.split('scope="row">')[1].split("</th>")[0]
        rows[label] = row.split('class="num">')[1].split("</td>")[0]
    return rows


def possible_values(total: int, rows: dict[str, str]) -> dict[str, set[int]]:
    """Return, for each hidden cell, every value the published numbers and labels allow."""
    labels_used = {text for text in rows.values() if "suppressed" in text}
    distinguishing = len(labels_used) > 1  # two labels: each publishes a bound
    shown = {name: int(text.replace(",", "")) for name, text in rows.items() if "suppressed" not in text}
    hidden = {}
    for name, text in rows.items():
        if "suppressed" in text:
            bound = next((b for label, b in LABEL_BOUNDS.items() if label in text), None)
            hidden[name] = bound if bound else ((K, total) if distinguishing else (0, total))
    remainder = total - sum(shown.values())
    names = list(hidden)
    found: dict[str, set[int]] = {name: set() for name in names}
    ranges = [range(low, high + 1) for low, high in hidden.values()]
    for values in itertools.product(*ranges):
        if sum(values) == remainder:
            for name, value in zip(names, values, strict=True):
                found[name].add(value)
    return found


def test_the_labels_do_not_let_a_hidden_cell_be_worked_out(client, db):
    campaign = metoo()
    tap(campaign, 10, gender="woman")
    tap(campaign, 1, gender="man")
    tap(campaign, 10, gender="nonbinary")
    publish_figures()

    page = client.get("/c/metoo/").content.decode()
    rows = gender_rows(page)
    total = client.get("/api/v1/counts", {"campaign": "metoo"}).json()["released_voices"] if "released_voices" in client.get("/api/v1/counts").json() else 21

    assert "suppressed" in rows["Man"]
    assert "fewer than" not in page  # no label publishes a bound
    values = possible_values(total, rows)
    assert len(values["Man"]) > K - 1, values  # the man could be anyone from 0 to 11
    assert all(len(options) > 1 for options in values.values())


def test_hidden_cells_never_share_fewer_than_k_voices(client, db):
    # Two small cells hidden together: 1 + 1 = 2 would tell each is at most 2.
    campaign = metoo()
    tap(campaign, 20, gender="woman")
    tap(campaign, 1, gender="man")
    tap(campaign, 1, gender="nonbinary")
    publish_figures()
    cells = client.get("/api/v1/counts", {"campaign": "metoo"}).json()["breakdowns"]["gender"]
    total = 22
    hidden_share = total - sum(count for count in cells.values() if count is not None)
    assert hidden_share == 0 or hidden_share >= K
