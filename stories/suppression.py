"""Hide small breakdown cells so that no small group can be seen or worked out.

A breakdown is a table per context field: one row per campaign plus an
"all campaigns" row, one column per value plus NOT_GIVEN, the voices that
did not answer. Every row adds up to a number we publish (the campaign's
voices, the total), and every column adds up over the campaigns to the
"all campaigns" cell. So hiding one cell is not enough:

1. Primary: a cell with 1 to k-1 voices is hidden ("fewer than 10").
   Zero is shown; it describes nobody.
2. Secondary, rows: a row with exactly one hidden cell gives it away
   (row total minus the shown cells), so the smallest shown cell of that
   row is hidden too. NOT_GIVEN is a cell like any other: it is the row
   total minus the given cells, so it can give a cell away, and be hidden.
3. Secondary, columns: a column with exactly one hidden cell gives it
   away (the "all campaigns" cell minus the other campaigns' cells), so
   the smallest shown cell of that column is hidden too.

Steps 2 and 3 repeat until every row and column holding a hidden cell
holds at least two, and until the hidden cells of each row (and of each
column whose "all campaigns" cell is shown) add up to 0 or to at least k:
cells are never negative, so hidden cells that share less than k would
each be known to be below k (attack 2 in docs/threat-model.md). That rule alone can still leave a cell pinned down by
a longer chain of sums across rows and columns, so a final check solves
the table's equations: any hidden cell they determine gets one more
partner in its row, and the rules run again. Non-zero cells are preferred as partners: a hidden 0
next to a hidden 1 would still let the 1 be worked out.

Every hidden cell is published the same way ("hidden", null in the open
data), whatever the reason it is hidden: a label that said "fewer than k"
for some and "hidden" for others would publish bounds (1..k-1, and >= k)
that pin cells the sums alone do not (issue 15, attack 2). PRIMARY and
SECONDARY remain only for the tests and the counters' documentation. See
docs/counters.md and docs/threat-model.md.
"""

import datetime
import math
from collections.abc import Hashable

NOT_GIVEN = ""
ALL = "all"

PRIMARY = "primary"  # shown as "fewer than k"
SECONDARY = "secondary"  # shown as "hidden", so the primary cell cannot be worked out


def _partner(cells: dict[str, int], hidden: dict[str, str]) -> str | None:
    """Return the smallest shown cell, preferring non-zero ones."""
    shown = [name for name in cells if name not in hidden]
    if not shown:
        return None
    # Rows are campaign ids and ALL: compare names as text to break ties.
    return min(shown, key=lambda name: (cells[name] == 0, cells[name], str(name)))


def suppress_table(rows: dict[Hashable, dict[str, int]], *, k: int) -> dict[Hashable, dict[str, str]]:
    """Return {row: {cell: PRIMARY or SECONDARY}} for one field's table.

    `rows` maps each row (campaign ids and ALL) to its complete cells,
    NOT_GIVEN included, all rows having the same cell names.
    """
    hidden: dict[Hashable, dict[str, str]] = {
        row: {name: PRIMARY for name, value in cells.items() if 0 < value < k} for row, cells in rows.items()
    }
    for row, cells in rows.items():
        if 0 < sum(cells.values()) < k:
            # The line rule would hide the whole row one partner at a time: do it at once.
            hidden[row] = dict.fromkeys(cells, PRIMARY)
    columns = sorted({name for cells in rows.values() for name in cells})
    while True:
        _pair_lines(rows, hidden, columns, k=k)
        pinned = determined_cells(rows, hidden)
        if not pinned:
            return hidden
        row, column = pinned[0]
        partner = _partner(rows[row], hidden[row])
        if partner is not None:
            hidden[row][partner] = PRIMARY if rows[row][partner] < k else SECONDARY
            continue
        in_column = {other: cells.get(column, 0) for other, cells in rows.items()}
        partner = _partner(in_column, {other: 1 for other in rows if column in hidden[other]})
        if partner is None:
            return hidden  # every cell is hidden already
        hidden[partner][column] = PRIMARY if in_column[partner] < k else SECONDARY


def _too_little(values, *, k: int) -> bool:
    """Return whether hidden cells sharing these values would each be known to hold fewer than k."""
    return 0 < sum(values) < k


def _pair_lines(rows, hidden, columns, *, k: int) -> None:
    """Hide partners until no line holds exactly one hidden cell, or hidden cells sharing 1 to k-1."""
    changed = True
    while changed:
        changed = False
        for row, cells in rows.items():
            if len(hidden[row]) == 1 or (hidden[row] and _too_little((cells[name] for name in hidden[row]), k=k)):
                partner = _partner(cells, hidden[row])
                if partner is not None:
                    hidden[row][partner] = PRIMARY if cells[partner] < k else SECONDARY
                    changed = True
        if len(rows) > 1:
            for column in columns:
                in_column = {row: cells.get(column, 0) for row, cells in rows.items()}
                hidden_here = {row: hidden[row][column] for row in rows if column in hidden[row]}
                bounded_by_all = ALL in rows and ALL not in hidden_here
                small = bounded_by_all and hidden_here and _too_little((in_column[row] for row in hidden_here), k=k)
                if len(hidden_here) == 1 or small:
                    partner = _partner(in_column, hidden_here)
                    if partner is not None:
                        hidden[partner][column] = PRIMARY if in_column[partner] < k else SECONDARY
                        changed = True


def determined_cells(rows: dict[Hashable, dict[str, int]], hidden: dict[Hashable, dict[str, str]]) -> list:
    """Return the hidden cells whose value follows from the published sums.

    The unknowns are the hidden cells; each row sum and each column sum
    (campaign cells minus the ALL cell) is one linear equation. A cell is
    determined exactly when the reduced row echelon form of the equations
    has a row with that cell alone.
    """
    unknowns = [(row, name) for row in rows for name in hidden[row]]
    if not unknowns:
        return []
    index = {cell: position for position, cell in enumerate(unknowns)}
    equations = []
    for row in rows:
        equations.append({index[(row, name)]: 1 for name in hidden[row]})
    if len(rows) > 1:
        for column in {name for _row, name in unknowns}:
            equation = {}
            for row in rows:
                if column in hidden[row]:
                    equation[index[(row, column)]] = -1 if row == ALL else 1
            equations.append(equation)
    pivot_rows = _reduced_row_echelon([equation for equation in equations if equation])
    return [unknowns[pivot] for pivot, row in pivot_rows if len(row) == 1]


def _reduced_row_echelon(equations: list[dict[int, int]]) -> list[tuple[int, dict[int, int]]]:
    """Return (pivot column, row) for each non-zero row of the equations' reduced row echelon form.

    Rows are sparse {column: integer coefficient}; elimination stays in the integers
    (each row divided by the gcd of its entries), which is exact and, for these 0/±1
    tables, far faster than fractions.
    """
    rows = [dict(row) for row in equations]
    pivots: list[tuple[int, dict[int, int]]] = []
    remaining = rows
    columns = sorted({column for row in rows for column in row})
    for column in columns:
        found = next((row for row in remaining if row.get(column)), None)
        if found is None:
            continue
        remaining = [row for row in remaining if row is not found]
        lead = found[column]
        for other in [*remaining, *(row for _pivot, row in pivots)]:
            factor = other.get(column)
            if factor:
                for key in set(other) | set(found):
                    value = other.get(key, 0) * lead - factor * found.get(key, 0)
                    if value:
                        other[key] = value
                    else:
                        other.pop(key, None)
                _reduce(other)
        remaining = [row for row in remaining if row]
        pivots.append((column, found))
    return pivots


def _reduce(row: dict[int, int]) -> None:
    divisor = math.gcd(*row.values()) if row else 1
    if divisor > 1:
        for key in row:
            row[key] //= divisor


def complete_cells(values: dict[str, int], *, choices: list[str], row_total: int) -> dict[str, int]:
    """Return every choice's count (0 when nobody chose it) and the NOT_GIVEN remainder."""
    cells = {choice: values.get(choice, 0) for choice in choices}
    cells[NOT_GIVEN] = max(row_total - sum(cells.values()), 0)
    return cells


def suppressed_breakdowns(
    by_campaign: dict[int, dict[str, dict[str, int]]],
    voices_by_campaign: dict[int, int],
    *,
    choices: dict[str, list[str]],
    k: int,
) -> dict[Hashable, dict[str, dict[str, tuple[int | None, str]]]]:
    """Return {ALL or campaign id: {field: {value: (count or None, hidden as)}}}.

    Hidden cells have count None and PRIMARY or SECONDARY; shown cells "".
    Every campaign in voices_by_campaign gets a row, even without context.
    """
    result: dict[Hashable, dict[str, dict[str, tuple[int | None, str]]]] = {ALL: {}}
    result.update({campaign_id: {} for campaign_id in voices_by_campaign})
    for field, field_choices in choices.items():
        rows: dict[Hashable, dict[str, int]] = {}
        for campaign_id, voices in voices_by_campaign.items():
            values = by_campaign.get(campaign_id, {}).get(field, {})
            rows[campaign_id] = complete_cells(values, choices=field_choices, row_total=voices)
        rows[ALL] = {name: sum(cells[name] for cells in rows.values()) for name in [*field_choices, NOT_GIVEN]}
        hidden = suppress_table(rows, k=k)
        for row, cells in rows.items():
            result[row][field] = {
                name: (None, hidden[row][name]) if name in hidden[row] else (value, "") for name, value in cells.items()
            }
    return result


def suppressed_hours(
    by_campaign: dict[int, dict[datetime.datetime, int]], *, k: int
) -> dict[Hashable, dict[datetime.datetime, int | None]]:
    """Return {ALL or campaign id: {hour: voices, or None where hidden}} for every day with a voice.

    Each day is one table: a row per campaign (its 24 hours, adding up to
    the day's total, which the daily timeline publishes) and the ALL row
    (every campaign's hours, the columns' sums). The same rules as the
    breakdowns hide its small cells, so an hour cannot single a voice out.
    """
    days: dict[datetime.date, dict[Hashable, dict[int, int]]] = {}
    for campaign_id, hours in by_campaign.items():
        for hour, voices in hours.items():
            day = days.setdefault(hour.date(), {})
            day.setdefault(campaign_id, dict.fromkeys(range(24), 0))[hour.hour] += voices
    result: dict[Hashable, dict[datetime.datetime, int | None]] = {ALL: {}}
    for date, table in sorted(days.items()):
        for campaign_id in by_campaign:
            table.setdefault(campaign_id, dict.fromkeys(range(24), 0))
        table[ALL] = {hour: sum(cells[hour] for cells in table.values()) for hour in range(24)}
        hidden = suppress_table(table, k=k)
        midnight = datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)
        for row, cells in table.items():
            shown = result.setdefault(row, {})
            for hour, voices in cells.items():
                shown[midnight + datetime.timedelta(hours=hour)] = None if hour in hidden[row] else voices
    return result
