"""The programmes followed by the table (Progetti page): via Carlo Porta's 111 flats and the
Contratto di Quartiere Mazzafame, with the same functions for each.

Pure pandas over the typed frames of ``Store.read_all()``, one module a concern:

- ``progress``: ``phase_counts`` (they add up to the programme's flats) and ``board_cells``
  (one cell per flat, grouped by building, staircase and floor);
- ``schedule``: ``as_of`` (the date every figure counts from: the data's, never the wall
  clock), ``milestone_delays`` (months between planned and actual, or the as-of date when
  not reached), ``start_vs_actual`` (the planned start against what happened) and
  ``forecast_end`` (the end drawn from the pace actually achieved: a forecast, never a date
  anyone promised);
- ``funding``: ``money`` (funding acts, committed, spent, cost per flat);
- ``allocation``: ``allocation_table``, ``availability`` (the flats by the year they enter
  an annual plan: ``projection.flat_years``, the same dates as the projection's) and
  ``allocation_breaches`` (``tavolo.plan.check_allocation_years``, the one implementation
  of the annual-plan rules, applied year by year of availability, never to all the
  programme's flats as if they were one year's supply);
- ``editor``: ``row_changes`` (what an editor changed, as ``edits.RowChange`` with the
  fingerprints taken when the rows were read), the ``extra_check`` rules of each edit, and
  ``programme_history`` (the change log of one programme);
- ``reports``: ``report``, every figure of one programme in plain JSON types;
- ``sentences`` and ``display``: the page's headline figures, sentences and tables
  (translated, Italian formats).

Every name is re-exported here: ``from tavolo import programmes; programmes.money(...)``.
A month is an average calendar month (365.25 / 12 days): 2019-01-01 -> 2019-09-01 is 8.0.
"""

from tavolo.programmes.allocation import (
    AllocationCheck,
    YearFlats,
    allocation_breaches,
    allocation_rules_check,
    allocation_table,
    availability,
    breach_message,
    check_table,
)
from tavolo.programmes.display import (
    acts_display,
    allocation_display,
    board_display,
    delays_display,
    flats_display,
    interventions_display,
    limits_display,
    money_display,
    phase_table,
)
from tavolo.programmes.editor import (
    EDITABLE_TABLES,
    allocation_editor_frame,
    allocation_maker,
    editor_result,
    fingerprints,
    key_text,
    milestone_maker,
    new_id,
    not_in_future,
    office_source,
    programme_history,
    row_changes,
    row_key,
)
from tavolo.programmes.funding import UNFUNDED_PHASES, Money, funded_flats, money
from tavolo.programmes.progress import (
    PHASES,
    board_cells,
    board_table,
    flats_check,
    flats_of,
    interventions,
    phase_counts,
    programme,
    programme_ids,
)
from tavolo.programmes.reports import report
from tavolo.programmes.schedule import (
    MONTH_DAYS,
    Forecast,
    StartComparison,
    add_months,
    as_of,
    delays,
    forecast_end,
    milestone_delays,
    months_between,
    programme_forecast,
    start_vs_actual,
)
from tavolo.programmes.sentences import (
    Metric,
    allocation_method,
    allocation_verdict,
    also_pays_text,
    cost_per_flat_label,
    fmt_month,
    forecast_sentence,
    headline,
    months_text,
    provenance_text,
    years_text,
)

__all__ = [
    "EDITABLE_TABLES", "MONTH_DAYS", "PHASES", "UNFUNDED_PHASES",
    "AllocationCheck", "Forecast", "Metric", "Money", "StartComparison", "YearFlats",
    "acts_display", "add_months", "allocation_breaches", "allocation_display",
    "allocation_editor_frame", "allocation_maker", "allocation_method", "allocation_rules_check",
    "allocation_table", "allocation_verdict", "also_pays_text", "as_of", "availability",
    "board_cells", "board_display", "board_table", "breach_message", "check_table",
    "cost_per_flat_label", "delays", "delays_display", "editor_result", "fingerprints",
    "flats_check", "flats_display", "flats_of", "fmt_month", "forecast_end", "forecast_sentence",
    "funded_flats", "headline", "interventions", "interventions_display", "key_text",
    "limits_display", "milestone_delays", "milestone_maker", "money", "money_display",
    "months_between", "months_text", "new_id", "not_in_future", "office_source", "phase_counts",
    "phase_table", "programme", "programme_forecast", "programme_history", "programme_ids",
    "provenance_text", "report", "row_changes", "row_key", "start_vs_actual", "years_text",
]
