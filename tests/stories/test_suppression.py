"""Small breakdown cells stay hidden, and cannot be worked out from the totals."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from stories import releases, services
from stories.suppression import (
    ALL,
    NOT_GIVEN,
    PRIMARY,
    SECONDARY,
    determined_cells,
    suppress_table,
    suppressed_breakdowns,
)
from tests.factories import CampaignFactory

K = 10


def tap(campaign, times: int, **context) -> None:
    for _ in range(times):
        services.record_tap(campaign=campaign, context=context)


def test_it_hides_3_and_keeps_it_hidden_from_the_total(client, campaign):
    tap(campaign, 3, kind="harassment")
    tap(campaign, 12, kind="assault")
    tap(campaign, 40, kind="both")
    releases.release_now(campaign.pk)

    data = client.get("/api/v1/counts", {"campaign": "metoo"}).json()
    kind = data["breakdowns"]["kind"]
    assert kind["harassment"] is None
    assert kind["both"] == 40
    # The total minus every shown cell is what the hidden cells share: never the 3 alone.
    shown = sum(count for count in kind.values() if count is not None)
    assert data["total"]["voices"] - shown != 3
    assert sum(count is None for count in kind.values()) >= 2

    page = client.get("/c/metoo/").content.decode()
    table = page.split("What happened</caption>")[1].split("</table>")[0]
    harassment_row = table.split("Harassment</th>")[1].split("</tr>")[0]
    assert "hidden" in harassment_row  # was "fewer than 10", a published bound (attack 2)
    assert ">3<" not in harassment_row


def test_it_counts_the_not_given_remainder_as_a_cell(campaign):
    # Every given answer is large; only "not given" is small, and it is the total minus the others.
    hidden = suppress_table({1: {"harassment": 30, "assault": 25, "both": 0, NOT_GIVEN: 4}}, k=K)[1]
    assert hidden[NOT_GIVEN] == PRIMARY
    assert hidden["assault"] == SECONDARY
    assert "harassment" not in hidden


def test_it_prefers_a_non_zero_partner():
    hidden = suppress_table({1: {"a": 0, "b": 3, "c": 50, "d": 20, NOT_GIVEN: 0}}, k=K)[1]
    assert hidden == {"b": PRIMARY, "d": SECONDARY}


def test_it_hides_a_row_of_fewer_than_k_voices_whole():
    # Hidden cells sharing 1..k-1 voices would each be known to be below k.
    hidden = suppress_table({1: {"a": 0, "b": 3, NOT_GIVEN: 0}}, k=K)[1]
    assert hidden == {"a": PRIMARY, "b": PRIMARY, NOT_GIVEN: PRIMARY}


def test_it_shows_zero_and_large_cells():
    assert suppress_table({1: {"a": 0, "b": 10, NOT_GIVEN: 45}}, k=K) == {1: {}}


def test_it_stops_one_campaign_being_worked_out_from_all_campaigns(campaign):
    other = CampaignFactory(slug="notokay")
    by_campaign = {
        campaign.pk: {"kind": {"harassment": 3, "assault": 12, "both": 40}},
        other.pk: {"kind": {"harassment": 30, "assault": 30, "both": 30}},
    }
    voices = {campaign.pk: 55, other.pk: 90}
    result = suppressed_breakdowns(by_campaign, voices, choices={"kind": ["harassment", "assault", "both"]}, k=K)
    # "All campaigns" shows 33 harassment; #NotOkay must not show its 30, or 33 - 30 = 3.
    column = [result[row]["kind"]["harassment"][0] for row in (campaign.pk, other.pk, ALL)]
    assert column[0] is None
    assert sum(value is None for value in column) >= 2


def assert_no_cell_stands_alone(rows: dict, hidden: dict) -> None:
    for row in rows:
        assert len(hidden[row]) != 1, (row, rows, hidden)
    for column in {name for cells in rows.values() for name in cells}:
        assert sum(column in hidden[row] for row in rows) != 1, (column, rows, hidden)
    for row, cells in rows.items():
        for name, value in cells.items():
            if 0 < value < K:
                assert name in hidden[row]


@given(st.lists(st.lists(st.integers(min_value=0, max_value=60), min_size=4, max_size=4), min_size=1, max_size=4))
def test_it_never_leaves_a_hidden_cell_that_the_sums_determine(campaign_rows):
    names = ["a", "b", "c", NOT_GIVEN]
    rows = {index: dict(zip(names, values, strict=True)) for index, values in enumerate(campaign_rows)}
    rows[ALL] = {name: sum(cells[name] for cells in rows.values()) for name in names}
    hidden = suppress_table(rows, k=K)
    assert_no_cell_stands_alone(rows, hidden)
    assert determined_cells(rows, hidden) == []


def test_it_finds_a_cell_pinned_by_a_chain_of_sums():
    # Every line holds two hidden cells or more, yet (1, "c") follows from the sums:
    # rows 1-2 × columns a-b form one loop, rows 3-ALL × columns c-d another, and (1, "c") joins them.
    rows = {
        1: {"a": 2, "b": 50, "c": 50, "d": 50},
        2: {"a": 50, "b": 3, "c": 50, "d": 50},
        3: {"a": 50, "b": 50, "c": 4, "d": 50},
    }
    rows[ALL] = {name: sum(cells[name] for cells in rows.values()) for name in "abcd"}
    hidden = {
        1: {"a": PRIMARY, "b": SECONDARY, "c": SECONDARY},
        2: {"a": SECONDARY, "b": PRIMARY},
        3: {"c": PRIMARY, "d": SECONDARY},
        ALL: {"c": SECONDARY, "d": SECONDARY},
    }
    assert_no_cell_stands_alone(rows, hidden)
    assert determined_cells(rows, hidden) == [(1, "c")]
    assert determined_cells(rows, suppress_table(rows, k=K)) == []


def test_it_hides_enough_that_no_hidden_cell_has_a_single_possible_value():
    """Brute force on a small table: every hidden cell admits at least two values."""
    rows = {1: {"a": 3, "b": 12, "c": 40, NOT_GIVEN: 0}}
    rows[ALL] = dict(rows[1])
    hidden = suppress_table(rows, k=K)
    unknowns = [(row, name) for row in rows for name in hidden[row]]
    assert len(unknowns) == 4
    row_totals = {row: sum(cells.values()) for row, cells in rows.items()}
    solutions = set()
    for guess in itertools.product(range(0, 20), repeat=len(unknowns)):
        table = {row: dict(cells) for row, cells in rows.items()}
        for (row, name), value in zip(unknowns, guess, strict=True):
            table[row][name] = value
        if any(sum(table[row].values()) != row_totals[row] for row in rows):
            continue
        if any(table[1][n] != table[ALL][n] for n in table[1]):
            continue
        solutions.add(guess)
    for position in range(len(unknowns)):
        assert len({solution[position] for solution in solutions}) >= 2, unknowns[position]


def test_it_picks_a_column_partner_among_campaign_ids_and_all():
    rows = {0: {"a": 0, "b": 0, "c": 0, NOT_GIVEN: 1}, 1: {"a": 0, "b": 0, "c": 0, NOT_GIVEN: 10}}
    rows[ALL] = {name: rows[0][name] + rows[1][name] for name in rows[0]}
    hidden = suppress_table(rows, k=K)
    assert_no_cell_stands_alone(rows, hidden)
    assert determined_cells(rows, hidden) == []
