"""`python -m ambito report <name> --zone <code> [--municipality <code>] [--as-of YYYY-MM-DD]
--format json|csv|xlsx|pdf [--output FILE]`; `python -m ambito report --list` lists them.

JSON goes to standard output by default; CSV, XLSX and PDF to --output or, without it, to
standard output as bytes. Bad input (unknown report, zone or municipality, a malformed or
future date, an unknown format) is one Italian line on standard error and exit code 2."""

import sys

from django.core.management.base import BaseCommand, CommandError

from ambito.monitoring.reports import FORMATS, REPORTS, render
from ambito.monitoring.scope import ScopeError, resolve_scope


class Command(BaseCommand):
    help = "Calcola un report dell'ambito dai dati (indicatori, tabelle) e lo scrive."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="il report (vedi --list)")
        parser.add_argument("--list", action="store_true", help="elenca i report disponibili")
        parser.add_argument("--zone", help="codice dell'ambito")
        parser.add_argument("--municipality", help="codice ISTAT o nome del comune")
        parser.add_argument("--as-of", dest="as_of", help="data AAAA-MM-GG (default: oggi)")
        parser.add_argument("--format", default="json", help="json (default), csv, xlsx, pdf")
        parser.add_argument("--output", help="file da scrivere (default: standard output)")

    def handle(self, *args, **options):
        if options["list"]:
            for report in REPORTS.values():
                self.stdout.write(f"{report.name:<16} {report.title} — {report.description}")
            return
        name = options["name"]
        if not name:
            raise CommandError("Indica il report (python -m ambito report --list).", returncode=2)
        report = REPORTS.get(name)
        if report is None:
            raise CommandError(
                f"Report sconosciuto: «{name}». Disponibili: {', '.join(REPORTS)}.", returncode=2
            )
        if options["format"] not in FORMATS:
            raise CommandError(
                f"Formato sconosciuto: «{options['format']}». Usa {', '.join(FORMATS)}.",
                returncode=2,
            )
        if not options["zone"]:
            raise CommandError("Indica l'ambito con --zone <codice>.", returncode=2)
        try:
            scope = resolve_scope(
                zone=options["zone"], municipality=options["municipality"], as_of=options["as_of"]
            )
        except ScopeError as error:
            raise CommandError(str(error), returncode=2) from None
        content = render(report, scope, options["format"])
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(content)
            self.stderr.write(f"Scritto {options['output']} ({len(content):,} byte).")
        elif options["format"] == "json":
            self.stdout.write(content.decode())
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
