"""The Pistoia demo's pathway (DOMAIN §4-§5): the REI applications of seed 002's table
"DOMANDE REI AL 30/11/2018", loaded cell by cell (the printed totals do not add up: the system
computes its own), the income-support cases their positive outcomes open, and a few cases
walked through the services to every stage of the pathway.

Applicants are drawn from the municipality's demo residents (a resident may appear in more
than one application, as happens when a household applies again after a rejection)."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from ambito.cases import services as case_services
from ambito.cases.models import AssignmentRule, Case, CaseLine
from ambito.cases.workflow import CaseStatus, PreAssessmentOutcome
from ambito.core.models import User
from ambito.measures.cases_bridge import open_cases_for_positive
from ambito.measures.models import Application, ApplicationStatus, Measure
from ambito.registry.models import HouseholdMember, Person
from ambito.territory.models import Municipality

from .data import SEED_002

ROME = ZoneInfo("Europe/Rome")
S = ApplicationStatus
# seed 002, "DOMANDE REI AL 30/11/2018": positive, lapsed, suspended, in progress, rejected
REI_TABLE = {
    "Pistoia": (410, 59, 18, 32, 609),
    "Marliana": (34, 0, 2, 0, 15),
    "Serravalle Pistoiese": (28, 4, 1, 1, 45),
    "Quarrata": (104, 18, 2, 1, 79),
    "Montale": (22, 1, 0, 0, 32),
    "Agliana": (34, 0, 1, 1, 86),
    "San Marcello Piteglio": (27, 0, 2, 1, 25),
    "Sambuca Pistoiese": (21, 1, 2, 1, 1),
    "Abetone Cutigliano": (0, 0, 0, 0, 2),
}
STATUS_ORDER = (S.POSITIVE, S.LAPSED, S.SUSPENDED, S.IN_PROGRESS, S.REJECTED)
REASONS = {
    S.LAPSED: ("Mancata sottoscrizione del progetto", "Variazione del nucleo non comunicata"),
    S.SUSPENDED: ("Verifica dei requisiti di residenza", "Attività lavorativa non comunicata"),
    S.REJECTED: ("ISEE oltre la soglia", "Requisiti di residenza non soddisfatti"),
}
SOURCE = f"{SEED_002}, tabella «DOMANDE REI AL 30/11/2018»"


def build_rei_applications(*, zone, rng: random.Random) -> int:
    rei = Measure.objects.get(code="REI")
    municipalities = {m.name: m for m in Municipality.objects.filter(zone=zone)}
    households = dict(
        HouseholdMember.objects.filter(household__zone=zone, end_date__isnull=True).values_list(
            "person_id", "household_id"
        )
    )
    made = []
    number = 0
    for name, cells in REI_TABLE.items():
        municipality = municipalities[name]
        residents = list(
            Person.objects.filter(zone=zone, residence_municipality=municipality)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not residents:
            continue
        rng.shuffle(residents)
        index = 0
        for status, count in zip(STATUS_ORDER, cells, strict=True):
            for _ in range(count):
                person_id = residents[index % len(residents)]
                index += 1
                number += 1
                submitted = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(300))
                decided = submitted + dt.timedelta(days=rng.randrange(15, 45))
                made.append(
                    Application(
                        zone=zone,
                        measure=rei,
                        protocol=f"INPS-REI-2018-{number:06d}",
                        applicant_id=person_id,
                        household_id=households.get(person_id),
                        municipality=municipality,
                        submitted_on=submitted,
                        status=status,
                        status_on=None if status == S.IN_PROGRESS else decided,
                        status_reason=rng.choice(REASONS[status]) if status in REASONS else "",
                    )
                )
    Application.objects.bulk_create(made, batch_size=1000)
    return len(made)


def build_pathway(*, zone, rng: random.Random) -> dict:
    """Applications, the cases of the positive ones, and cases at every stage."""
    applications = build_rei_applications(zone=zone, rng=rng)
    coordinator = User.objects.get(username="coordinatore")
    worker = User.objects.get(username="assistente.pistoia")
    pistoia = Municipality.objects.get(zone=zone, name="Pistoia")
    AssignmentRule.objects.get_or_create(
        zone=zone, municipality=pistoia, line=CaseLine.INCOME_SUPPORT, defaults={"manager": worker}
    )
    positive = list(
        Application.objects.filter(zone=zone, status=S.POSITIVE)
        .select_related("household")
        .order_by("pk")
    )
    at = dt.datetime(2018, 11, 30, 12, tzinfo=ROME)
    opened, _ = open_cases_for_positive(actor=coordinator, zone=zone, applications=positive, at=at)
    staged = _walk_the_pathway(zone=zone, coordinator=coordinator, worker=worker)
    return {"applications": applications, "cases": opened, "staged_cases": staged}


STAGES = [
    [],
    ["start_pre_assessment"],
    ["start_pre_assessment", ("card", PreAssessmentOutcome.WORK_ONLY), "to_service_pact"],
    ["start_pre_assessment", ("card", PreAssessmentOutcome.SOCIAL_ONLY), "to_social_project"],
    ["start_pre_assessment", ("card", PreAssessmentOutcome.COMPLEX), "to_eemm"],
    ["start_pre_assessment", ("card", PreAssessmentOutcome.COMPLEX), "to_eemm", "sign_project"],
    [
        "start_pre_assessment",
        ("card", PreAssessmentOutcome.SOCIAL_ONLY),
        "to_social_project",
        "sign_project",
        "start",
    ],
    ["start_pre_assessment", ("card", PreAssessmentOutcome.WORK_ONLY), "to_service_pact", "close"],
]


def _walk_the_pathway(*, zone, coordinator, worker) -> int:
    """Eight of the Pistoia cases (assigned to the demo social worker by the rule) taken, through
    the services, to each stage: assigned, pre-assessment, service pact, social project, EEMM
    evaluation, project signed, in progress, closed; the entry stage is every unassigned case
    of the other municipalities."""
    cases = list(
        Case.objects.filter(zone=zone, case_manager=worker, status=CaseStatus.ASSIGNED)
        .select_related("person")
        .order_by("number")[: len(STAGES)]
    )
    today = timezone.localdate()
    for case, steps in zip(cases, STAGES, strict=False):
        held_on = timezone.localtime(case.opened_at).date() + dt.timedelta(days=12)
        for step in steps:
            if isinstance(step, tuple):
                case_services.pre_assessment_record(
                    actor=worker,
                    case=case,
                    data={
                        "held_on": held_on,
                        "cpi_consultant": "Consulente del Centro per l'Impiego di Pistoia",
                        "household_situation": "Nucleo beneficiario REI; situazione abitativa "
                        "e lavorativa da approfondire.",
                        "needs": "Lavoro, sostegno scolastico ai figli, casa.",
                        "outcome": step[1],
                    },
                )
            elif step == "sign_project" and case.status != CaseStatus.SERVICE_PACT:
                _signed_project(case, worker)
                case = case_services.case_transition(actor=worker, case=case, name=step)
            elif step == "close":
                case = case_services.case_close(
                    actor=worker, case=case, reason="measure_ended", outcome="Misura conclusa"
                )
            else:
                case = case_services.case_transition(actor=worker, case=case, name=step)
        if steps and case.is_open:
            case_services.task_create(
                actor=worker,
                case=case,
                title="Colloquio di verifica con il nucleo",
                due_on=today + dt.timedelta(days=7),
            )
    return len(cases)


# A one-page PDF standing in for the scan of the signed paper copy.
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _signed_project(case, worker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = case_services.project_new_version(
        actor=worker,
        case=case,
        summary="Progetto di inclusione concordato con il nucleo.",
        objectives=[
            {
                "text": "Inserimento lavorativo della persona di riferimento",
                "indicator": "contratto",
            },
            {"text": "Frequenza scolastica regolare dei figli", "indicator": "assenze < 10%"},
        ],
        commitments=[
            {"who": "Persona di riferimento", "text": "Partecipare al tirocinio di inclusione"},
            {"who": "Assistente sociale", "text": "Attivare il sostegno socio-educativo"},
        ],
    )
    case_services.project_sign(
        actor=worker,
        project=project,
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("progetto-firmato.pdf", DEMO_SCAN),
    )
