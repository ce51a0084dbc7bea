"""The pseudonymised statistical export (DOMAIN §10, §11): cases, interventions and
applications of a zone with no names, no codice fiscale, no birth dates, no internal or public
identifiers. Persons, households, cases and applications are replaced by stable keyed
pseudonyms — HMAC-SHA256 with a secret kept outside the database (environment variable
AMBITO_PSEUDONYM_KEY, or the file VAR_DIR/pseudonym.key, created on first use, readable by
the owner only) — so the same person has the same pseudonym in every export made with the
same key, and nobody without the key can go back. Ages are in bands, places are ISTAT
municipality codes, dates are months."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import os
import secrets
from pathlib import Path

from django.conf import settings

from ambito.cases.models import Case, Intervention
from ambito.measures.models import Application
from ambito.registry.selectors import age_on

AGE_BANDS = (
    (0, 2), (3, 5), (6, 10), (11, 14), (15, 17), (18, 24), (25, 34), (35, 44), (45, 54),
    (55, 64), (65, 74), (75, None),
)  # fmt: skip

FIELDS = {
    "cartelle.csv": [
        ("cartella", "pseudonimo della cartella"),
        ("persona", "pseudonimo della persona di riferimento (dal codice fiscale)"),
        ("nucleo", "pseudonimo del nucleo, vuoto se la cartella non ha nucleo"),
        ("comune_istat", "codice ISTAT del comune della cartella"),
        ("linea", "linea di servizio"),
        ("stato", "stato della cartella alla data dell'esportazione"),
        ("provenienza", "come è arrivata (accesso, domanda, segnalazione, emergenza, diretta)"),
        ("mese_apertura", "mese di apertura AAAA-MM"),
        ("mese_chiusura", "mese di chiusura AAAA-MM, vuoto se aperta"),
        ("motivo_chiusura", "motivo di chiusura"),
        ("fascia_eta", "fascia d'età della persona alla data dell'esportazione"),
        ("sesso", "F o M"),
        ("esito_analisi_preliminare", "esito della scheda A, vuoto se non fatta"),
        ("analisi_approfondita", "1 se c'è la scheda B"),
    ],
    "interventi.csv": [
        ("cartella", "pseudonimo della cartella"),
        ("codice_intervento", "codice del tipo di intervento (nomenclatore)"),
        ("stato", "stato dell'intervento"),
        ("mese_inizio", "AAAA-MM"),
        ("mese_fine", "AAAA-MM"),
        ("quantita", "quantità"),
        ("unita", "unità di misura"),
        ("costo", "costo in euro"),
        ("fondo", "fonte di finanziamento"),
    ],
    "domande.csv": [
        ("domanda", "pseudonimo della domanda (dal protocollo INPS)"),
        ("persona", "pseudonimo del richiedente"),
        ("nucleo", "pseudonimo del nucleo"),
        ("cartella", "pseudonimo della cartella collegata"),
        ("misura", "codice della misura (REI, RDC, ADI)"),
        ("comune_istat", "codice ISTAT del comune"),
        ("stato", "stato INPS"),
        ("mese_presentazione", "AAAA-MM"),
        ("mese_esito", "AAAA-MM"),
    ],
}


def pseudonym_key() -> bytes:
    value = os.environ.get("AMBITO_PSEUDONYM_KEY", "")
    if value:
        return value.encode()
    path = Path(getattr(settings, "PSEUDONYM_KEY_FILE", Path(settings.VAR_DIR) / "pseudonym.key"))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def pseudonym(key: bytes, kind: str, value) -> str:
    if value in (None, ""):
        return ""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:20]


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return ""
    age = age_on(birth, on)
    for low, high in AGE_BANDS:
        if high is None:
            return f"{low}+"
        if low <= age <= high:
            return f"{low}-{high}"
    return ""


def _month(value) -> str:
    if value is None:
        return ""
    return f"{value:%Y-%m}"


def export(*, zone, as_of: dt.date, key: bytes | None = None) -> dict[str, bytes]:
    """The three CSV files and a README of their fields, as {file name: bytes}."""
    key = key or pseudonym_key()
    cases = (
        Case.objects.filter(zone=zone, opened_at__date__lte=as_of)
        .select_related("person", "household", "municipality", "pre_assessment", "in_depth")
        .order_by("pk")
    )
    case_rows = []
    for case in cases:
        pre = getattr(case, "pre_assessment", None)
        case_rows.append(
            [
                pseudonym(key, "case", case.uuid),
                pseudonym(key, "person", case.person.fiscal_code),
                pseudonym(key, "household", case.household_id and case.household.uuid),
                case.municipality.istat_code,
                case.line,
                case.status,
                case.source,
                _month(case.opened_at),
                _month(case.closed_at),
                case.closure_reason or "",
                age_band(case.person.birth_date, as_of),
                case.person.sex,
                pre.outcome if pre else "",
                1 if hasattr(case, "in_depth") else 0,
            ]
        )
    interventions = (
        Intervention.objects.filter(case__zone=zone, case__opened_at__date__lte=as_of)
        .select_related("case", "intervention_type", "fund")
        .order_by("pk")
    )
    intervention_rows = [
        [
            pseudonym(key, "case", i.case.uuid),
            i.intervention_type.code,
            i.status,
            _month(i.start_on),
            _month(i.end_on),
            i.quantity if i.quantity is not None else "",
            i.unit,
            i.cost if i.cost is not None else "",
            i.fund.code if i.fund else "",  # the fund source's code (cases/0007)
        ]
        for i in interventions
    ]
    applications = (
        Application.objects.filter(zone=zone)
        .select_related("applicant", "household", "case", "measure", "municipality")
        .order_by("pk")
    )
    application_rows = [
        [
            pseudonym(key, "application", f"{a.measure.code}:{a.protocol}"),
            pseudonym(key, "person", a.applicant.fiscal_code),
            pseudonym(key, "household", a.household.uuid if a.household_id else ""),
            pseudonym(key, "case", a.case.uuid if a.case_id else ""),
            a.measure.code,
            a.municipality.istat_code,
            a.status,
            _month(a.submitted_on),
            _month(a.status_on),
        ]
        for a in applications
    ]
    files = {}
    for name, rows in (
        ("cartelle.csv", case_rows),
        ("interventi.csv", intervention_rows),
        ("domande.csv", application_rows),
    ):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([column for column, _ in FIELDS[name]])
        writer.writerows(rows)
        files[name] = out.getvalue().encode("utf-8")
    readme = [
        f"Esportazione pseudonimizzata dell'ambito {zone.code} al {as_of:%d/%m/%Y}.",
        "Nessun nome, codice fiscale, data di nascita o identificativo: pseudonimi HMAC-SHA256",
        "con una chiave custodita fuori dal database; età in fasce; comuni per codice ISTAT.",
        "",
    ]
    for name, fields in FIELDS.items():
        readme.append(name)
        readme += [f"  {column}: {description}" for column, description in fields]
        readme.append("")
    files["LEGGIMI.txt"] = "\n".join(readme).encode("utf-8")
    return files
