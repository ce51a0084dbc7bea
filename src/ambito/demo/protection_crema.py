"""The demo's child protection with the court of the Distretto di Crema (issue 19; seed 001,
the foster-care centre and the child-protection UVM; seed 003 §G.1 "Servizio Tutela Minori").

- A handful of child-protection cases ("minors" line) on Crema's synthetic households with a
  minor, managed by the demo social worker, with the district's child-protection officer
  (`tutela.crema`) in their team.
- Court orders on them, dated from today so that the deadlines stay meaningful whenever the
  demo is built: one overdue, two due within 10 days (one with its report drafted), one open
  with time left, one whose report was signed and delivered on time, one delivered late.
- The UVM tutela minori of the district (the child-protection service, the social worker, the
  ASST's psychologist and child neuropsychiatrist, an educator) with meetings on the cases.
- The zone's report template, filled from the record for every report.

Persons, references and texts are synthetic ("(demo)"); rows are created directly with the
zone's generator only. A small demo (the tests' ten households) gets fewer cases, never none
while a household exists."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ambito.core import workdays
from ambito.core.models import User

CASES = 6
TEMPLATE = """RELAZIONE SOCIALE
All'On.le {{ provvedimento.autorita }}
Oggetto: {{ provvedimento.tipo }} {{ provvedimento.rg }} del {{ provvedimento.data }}

Minore: {{ minore.nome_completo }}, nato/a il {{ minore.data_nascita }},
residente a {{ minore.comune }}.
Cartella sociale n. {{ cartella.numero }},
assistente sociale responsabile {{ cartella.case_manager }}.

1. Composizione del nucleo familiare
{% for p in nucleo %}- {{ p.nome_completo }}, {{ p.relazione }}, nato/a il {{ p.data_nascita }}
{% endfor %}
2. Interventi attivati
{% for i in interventi %}- {{ i.tipo }} dal {{ i.dal }}{% if i.al %} al {{ i.al }}{% endif %}
  ({{ i.stato }})
{% empty %}- Nessun intervento registrato in cartella.
{% endfor %}
3. Osservazioni del servizio
[Da completare a cura dell'assistente sociale.]

4. Valutazione e proposte
[Da completare.]

Crema, {{ oggi }}
"""
# (authority, kind, days to the report, days since the order, outcome)
ORDERS = (
    ("tm", "indagine", 60, 65, "overdue"),
    ("tm", "relazione", 30, 24, "drafted"),
    ("procura_tm", "indagine", 45, 37, "due_soon"),
    ("giudice_tutelare", "relazione", 90, 30, "open"),
    ("tm", "affidamento", 60, 120, "on_time"),
    ("tribunale", "relazione", 30, 80, "late"),
)
EXTERNALS = (
    ("Elena Bressan (demo)", "ASST di Crema, consultorio familiare", "psychologist"),
    ("Marco Zanoni (demo)", "ASST di Crema, UONPIA", "neuropsychiatrist"),
    ("Chiara Aiolfi (demo)", "Cooperativa sociale (demo), ADM", "educator"),
)


def _households_with_minors(zone, today, count, rng):
    from ambito.cases.models import Case
    from ambito.registry.models import HouseholdMember

    busy = set(
        Case.objects.filter(zone=zone, line="minors")
        .exclude(status="closed")
        .values_list("household_id", flat=True)
    )
    adult_before = (
        today.replace(year=today.year - 18)
        if not (today.month == 2 and today.day == 29)
        else dt.date(today.year - 18, 2, 28)
    )
    members = list(
        HouseholdMember.objects.filter(household__zone=zone, end_date__isnull=True)
        .select_related("person", "household")
        .order_by("household_id", "pk")
    )
    by_household: dict[int, list] = {}
    for member in members:
        if member.household_id not in busy:
            by_household.setdefault(member.household_id, []).append(member)
    with_minor = sorted(
        h for h, ms in by_household.items() if any(m.person.birth_date > adult_before for m in ms)
    )
    pool = with_minor or sorted(by_household)
    chosen = rng.sample(pool, min(count, len(pool)))
    picked = []
    for household_id in chosen:
        ms = by_household[household_id]
        head = next((m for m in ms if m.relationship == "head"), ms[0])
        minors = [m.person for m in ms if m.person.birth_date > adult_before]
        picked.append((head, minors[0] if minors else head.person))
    return picked


def _cases(zone, worker, officer, picked, today):
    from ambito.cases.models import Case, CaseMember, CaseTransition
    from ambito.cases.services import reserve_numbers

    opened = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=200), dt.time(9)))
    numbers = reserve_numbers(zone.pk, opened.year, len(picked))
    cases = Case.objects.bulk_create(
        Case(
            zone=zone, number=number, municipality_id=head.household.municipality_id,
            household_id=head.household_id, person_id=head.person_id, line="minors",
            source="referral", referral_from="Tribunale per i minorenni di Brescia (demo)",
            status="assigned", case_manager=worker, assigned_at=opened, opened_at=opened,
            created_by=worker,
        )
        for (head, _), number in zip(picked, numbers, strict=True)
    )  # fmt: skip
    CaseMember.objects.bulk_create(
        [CaseMember(case=c, user=worker, role="case_manager") for c in cases]
        + [CaseMember(case=c, user=officer, role="social_worker") for c in cases]
    )
    CaseTransition.objects.bulk_create(
        CaseTransition(case=c, name=name, from_status=a, to_status=b, actor=worker, at=opened,
                       reason="Tutela minori (demo)")
        for c in cases
        for name, a, b in (("open", "", "entry"), ("assign", "entry", "assigned"))
    )  # fmt: skip
    return cases


def build_crema_protection(context, rng: random.Random) -> dict:
    """Rows of this register for Crema's demo zone; returns counts for the builder's summary."""
    from ambito.protection.models import (
        CourtOrder,
        ReportTemplate,
        ReportVersion,
        SocialReport,
        UvmMeeting,
        UvmMember,
        UvmTeam,
    )
    from ambito.protection.services.orders import due_date_for
    from ambito.protection.services.reports import render_report, text_sha256

    zone = context.zone
    today = timezone.localdate()
    worker = User.objects.get(username="assistente.crema")
    officer = User.objects.get(username="tutela.crema")
    province = workdays.zone_province(zone)

    template = ReportTemplate.objects.create(
        zone=zone, name="Relazione di aggiornamento all'autorità giudiziaria (demo)", body=TEMPLATE
    )
    team = UvmTeam.objects.create(zone=zone, name="UVM tutela minori del Distretto di Crema (demo)")
    members = [
        UvmMember.objects.create(team=team, user=officer, profession="coordinator"),
        UvmMember.objects.create(team=team, user=worker, profession="social_worker"),
    ] + [
        UvmMember.objects.create(team=team, external_name=name, organisation=org, profession=kind)
        for name, org, kind in EXTERNALS
    ]

    picked = _households_with_minors(zone, today, CASES, rng)
    if not picked:
        return {"protection_cases": 0}
    cases = _cases(zone, worker, officer, picked, today)
    minors = [minor for _, minor in picked]

    orders, reports = [], 0
    for index, (authority, kind, days, ago, outcome) in enumerate(ORDERS):
        case = cases[index % len(cases)]
        order_date = today - dt.timedelta(days=ago)
        received = order_date + dt.timedelta(days=rng.randint(1, 4))
        order = CourtOrder.objects.create(
            zone=zone, case=case, minor=minors[index % len(cases)], authority=authority,
            kind=kind, reference=f"RG {rng.randint(100, 1999)}/{order_date.year} V.G. (demo)",
            order_date=order_date, received_date=min(received, today),
            subject="Indagine sulle condizioni del minore e del nucleo e proposte di intervento"
            if kind == "indagine" else "Aggiornamento sulla situazione del minore e sugli "
            "interventi in corso",
            report_days=days, days_from="order",
            due_date=due_date_for(start=order_date, days=days, province=province),
            created_by=worker,
        )  # fmt: skip
        orders.append(order)
        if outcome not in ("drafted", "on_time", "late"):
            continue
        body = render_report(TEMPLATE, order)
        report = SocialReport.objects.create(
            zone=zone, order=order, template=template, created_by=worker
        )
        ReportVersion.objects.create(report=report, number=1, body=body, created_by=worker)
        reports += 1
        if outcome == "drafted":
            continue
        final = body.replace(
            "[Da completare a cura dell'assistente sociale.]",
            "Il nucleo collabora con il servizio; il minore frequenta regolarmente la scuola "
            "(testo dimostrativo).",
        )
        signed = ReportVersion.objects.create(
            report=report, number=2, body=final, created_by=worker
        )
        delivered_on = (
            order.due_date - dt.timedelta(days=rng.randint(1, 10))
            if outcome == "on_time"
            else order.due_date + dt.timedelta(days=rng.randint(3, 12))
        )
        delivered_on = min(delivered_on, today)
        signed_at = timezone.make_aware(
            dt.datetime.combine(delivered_on - dt.timedelta(days=1), dt.time(16))
        )
        SocialReport.objects.filter(pk=report.pk).update(
            status="delivered", signed_version=signed, signed_by=worker, signed_at=signed_at,
            signed_sha256=text_sha256(final), delivered_on=delivered_on,
            protocol_number=f"PG {rng.randint(1000, 9999)}/{delivered_on.year} (demo)",
        )  # fmt: skip
        CourtOrder.objects.filter(pk=order.pk).update(status="reported")

    meetings = 0
    for index, case in enumerate(cases[:3]):
        meeting = UvmMeeting.objects.create(
            zone=zone, team=team, case=case,
            held_on=today - dt.timedelta(days=20 + 15 * index),
            decisions="Proseguire l'assistenza domiciliare educativa; verifica tra tre mesi "
            "(demo).",
            minutes="Presenti i componenti indicati. Discussa la situazione del minore "
            "(testo dimostrativo).",
            created_by=officer,
        )  # fmt: skip
        meeting.present.set(rng.sample(members, min(len(members), 3 + index % 2)))
        meetings += 1
    return {
        "protection_cases": len(cases),
        "court_orders": len(orders),
        "social_reports": reports,
        "uvm_meetings": meetings,
    }
