"""Commands of the table's meetings (registered in tavolo.cli.COMMAND_MODULES):

    python -m tavolo pack --out FILE.pdf        the meeting pack (for a scheduled job)
    python -m tavolo calendar --out FILE.ics    the meetings as an iCalendar file
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


def _open(args):
    from tavolo.store import open_store

    return open_store(getattr(args, "database", None) or None)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def cmd_pack(args) -> int:
    from tavolo import ambito, chart_export, loading, pack

    store = _open(args)
    if not chart_export.available():
        print(chart_export.missing_message("it") + " / " + chart_export.missing_message("en"), file=sys.stderr)
    data = pack.build(ambito.lead_frames(store.read_all()), store.meta(), loading.is_demo(store), args.lang, _day(args.date))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    chart_export.shutdown()
    print(f"Pacchetto riunione scritto in / meeting pack written to {out} ({len(data) // 1024} kB)")
    return 0


def cmd_calendar(args) -> int:
    from tavolo import calendar, loading

    store = _open(args)
    view = calendar.ics_view(store.read_all(), _day(args.date), projected=args.projected)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(calendar.to_ics(view, args.lang, meta=store.meta(), demo=loading.is_demo(store)))
    print(f"Calendario scritto in / calendar written to {out}: {len(view)} riunioni/meetings")
    return 0


def register(sub) -> None:
    def common(p):
        p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
        p.add_argument("--lang", choices=("it", "en"), default="it")
        p.add_argument("--date", help="data di riferimento AAAA-MM-GG (default: oggi)")
        return p

    p = common(sub.add_parser("pack", help="il pacchetto riunione in PDF"))
    p.add_argument("--out", required=True, help="file PDF da scrivere")
    p.set_defaults(func=cmd_pack)

    p = common(sub.add_parser("calendar", help="il calendario delle riunioni in formato .ics"))
    p.add_argument("--out", required=True, help="file .ics da scrivere")
    p.add_argument("--projected", type=int, default=6,
                   help="date calcolate con la cadenza dopo l'ultima riunione (default 6)")
    p.set_defaults(func=cmd_calendar)
