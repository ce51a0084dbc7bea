"""The Pistoia demo's pathway (DOMAIN §4-§5): seed 002's 2018 as records (rei2018.py: the REI
applications of the table "DOMANDE REI AL 30/11/2018" cell by cell, the households of
Tabella 1, the cases, cards A, pacts, projects and EEMM evaluations up to that date), then a
few cases walked through the services, later, to every stage of the pathway."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from ambito.cases import milestones
from ambito.cases import services as case_services
from ambito.cases.models import AssignmentRule, Case, CaseLine
from ambito.cases.workflow import CaseStatus, PreAssessmentOutcome
from ambito.core.models import User
from ambito.measures.models import ApplicationStatus
from ambito.territory.models import Municipality

from . import rei2018
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
LATER = dt.date(2019, 1, 14)  # when the staged cases below were walked


def build_pathway(*, zone, rng: random.Random, tagged) -> dict:
    """Seed 002's 2018 (rei2018.py): the applications, their cases, the pathway up to
    30/11/2018; then a few cases walked, later, to every stage of the pathway."""
    coordinator = User.objects.get(username="coordinatore")
    worker = User.objects.get(username="assistente.pistoia")
    for name, username in (("Pistoia", "assistente.pistoia"), ("Quarrata", "assistente.quarrata")):
        AssignmentRule.objects.get_or_create(
            zone=zone,
            municipality=Municipality.objects.get(zone=zone, name=name),
            line=CaseLine.INCOME_SUPPORT,
            defaults={"manager": User.objects.get(username=username)},
        )
    applications = rei2018.build_applications(
        zone=zone, rei_table=REI_TABLE, reasons=REASONS, tagged=tagged, rng=rng
    )
    with milestones.batched():  # hundreds of service calls: their cases refreshed once
        opened = rei2018.open_cases(zone=zone, coordinator=coordinator)
        team = rei2018.build_eemm_team(zone=zone)
        walked = rei2018.walk_to_the_date(zone=zone, team=team, rng=rng)
        staged = _walk_the_pathway(zone=zone, coordinator=coordinator, worker=worker)
    return {"applications": applications, "cases": opened, "staged_cases": staged, **walked}


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
        # After seed 002's date: the figures of 30/11/2018 stay the seed's (rei2018.py).
        held_on = max(timezone.localtime(case.opened_at).date(), LATER) + dt.timedelta(days=12)
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
