"""The demo's third-sector network (issue 17), reproducibly.

- Piana di Lucca (seed 000): the pact built by `planning.build_lucca` with its four lines,
  signed by the Comuni of the Conferenza zonale dei Sindaci (promoters) and by a plausible set
  of third-sector bodies. Seed 000 names the kinds of body (volontariato, cooperazione sociale,
  associazioni, other non-profit bodies) but not their names (its "allegato A" is missing):
  every body here is synthetic and says "(demo)" in its name, with RUNTS numbers from
  900000000 up. Candidatures in every state "a partire dall'anno 2009"; two working groups
  with meetings and an operating programme; monthly commitment records over 2009-2011.
- Pistoia (seed 002 §5): a pact with two lines of the poverty programme (g4 "Servizi di
  prossimità", a1 "Rete inclusiva"), agreements with volunteer associations for proximity
  services (action c2), one renewed and one ending within 60 days of the end of 2026, the
  needs questionnaire of action a1 with one round answered by part of the network; the
  demo's third-sector login ("terzo.settore") belongs to one of the adherents.
- Pistoia (seed 001): the area services coordinated by the SdS — Centro Affidi, Centro
  Antiviolenza Aiutodonna, Servizi integrativi per la tutela minorile, UVM per la tutela
  minori — with the coordinator and social workers, and shared documents with versions and
  read receipts.

Rows are created directly (like the rest of the demo); the builder writes one audit entry per
zone. Dates are fixed: the same seed gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile

from ambito.core.models import Membership, User
from ambito.core.roles import role_group
from ambito.network.choices import (
    AdhesionRole,
    AgreementKind,
    AreaServiceKind,
    CandidatureState,
    GroupKind,
    GroupRole,
    ProgrammeActionStatus,
    ProgrammeStatus,
    QuestionKind,
    SharedDocumentKind,
)
from ambito.network.models import (
    Adhesion,
    Agreement,
    Answer,
    AreaService,
    AreaServiceMember,
    Candidature,
    CandidatureTransition,
    CommitmentRecord,
    DocumentVersion,
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
    OperatingProgramme,
    ProgrammeAction,
    Question,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireRound,
    ReadReceipt,
    RoundRecipient,
    SharedDocument,
    WorkingGroup,
)
from ambito.planning.models import Plan, PlanObjective
from ambito.territory.models import ActivityField, Organisation

ODV = "Organizzazione di volontariato (ODV)"
APS = "Associazione di promozione sociale (APS)"
# (name, legal form, RUNTS section, municipality, fields of activity)
LUCCA_BODIES = (
    ("Misericordia di Capannori (demo)", ODV, "a", "Capannori", "a c y"),
    ("Croce Verde della Piana (demo)", ODV, "a", "Lucca", "b c y"),
    ("Auser Piana di Lucca (demo)", ODV, "a", "Lucca", "a i"),
    ("Caritas di Altopascio (demo)", "Ente religioso", "g", "Altopascio", "a u"),
    ("Cooperativa sociale Il Girasole (demo)", "Coop. sociale di tipo A", "d", "Porcari", "a c d"),
    ("Coop. sociale Lavoro Insieme (demo)", "Coop. sociale di tipo B", "d", "Capannori", "p s"),
    ("ARCI Piana di Lucca (demo)", APS, "b", "Lucca", "i l"),
    ("Associazione Famiglie in Rete (demo)", APS, "b", "Montecarlo", "a w"),
    ("Fondazione Casa Amica (demo)", "Fondazione", "c", "Lucca", "a q"),
    ("Associazione Donne e Diritti (demo)", APS, "b", "Villa Basilica", "a w"),
)  # fmt: skip
LUCCA_EXISTING = ("Cooperativa sociale La Piana (demo)", "Associazione Il Ponte sul Serchio (demo)")
# Every state at least once, spread over the four lines.
LUCCA_STATES = (
    CandidatureState.ACTIVE,
    CandidatureState.ACTIVE,
    CandidatureState.ACCEPTED,
    CandidatureState.ENDED,
    CandidatureState.UNDER_REVIEW,
    CandidatureState.SUBMITTED,
    CandidatureState.REJECTED,
    CandidatureState.WITHDRAWN,
)
ROLES = (
    "Sportello informativo e primo orientamento",
    "Accompagnamento ai servizi",
    "Ascolto telefonico e assistenza leggera",
    "Trasporto sociale",
    "Accoglienza in emergenza",
)
PT_BODIES = (
    ("Associazione Anziani Attivi Pistoia (demo)", ODV, "a", "Pistoia", "a i"),
    ("Pubblica Assistenza Quarrata (demo)", ODV, "a", "Quarrata", "b c y"),
)  # fmt: skip
PT_AGREEMENTS = (
    # number, body, subject, start, end, amount, ceiling
    ("SdS-PT 14/2019", "Associazione di volontariato Mano Amica (demo)",
     "Servizi di prossimità: accompagnamento e piccole commissioni per anziani soli",
     dt.date(2019, 3, 1), dt.date(2020, 12, 31), None, Decimal("18000.00")),
    ("SdS-PT 3/2021", "Associazione di volontariato Mano Amica (demo)",
     "Servizi di prossimità: accompagnamento e piccole commissioni per anziani soli (rinnovo)",
     dt.date(2021, 1, 1), dt.date(2026, 12, 31), None, Decimal("54000.00")),
    ("SdS-PT 22/2019", "APS Spazio Comune (demo)",
     "Servizi di prossimità: doposcuola solidale e spazio famiglie",
     dt.date(2019, 9, 1), dt.date(2027, 6, 30), Decimal("24000.00"), None),
    ("SdS-PT 9/2024", "Pubblica Assistenza Quarrata (demo)",
     "Trasporto sociale verso i servizi sanitari e sociali",
     dt.date(2024, 1, 1), dt.date(2027, 1, 31), None, Decimal("15000.00")),
)  # fmt: skip
QUESTIONS = (
    ("Quali bisogni incontrate più spesso tra le persone che seguite?", QuestionKind.MULTIPLE,
     ["Reddito e lavoro", "Casa", "Solitudine", "Salute", "Carichi di cura", "Lingua e documenti"]),
    ("Quanto è aumentata la richiesta di aiuto nell'ultimo anno?", QuestionKind.SCALE, []),
    ("Quante persone vulnerabili avete seguito nell'ultimo anno?", QuestionKind.NUMBER, []),
    ("Qual è il canale da cui arrivano più persone?", QuestionKind.SINGLE,
     ["Passaparola", "Servizi sociali", "Parrocchie", "Scuole", "Medici di famiglia"]),
    ("Cosa chiedereste alla rete dei servizi?", QuestionKind.TEXT, []),
)  # fmt: skip
AREA_SERVICES = (
    (AreaServiceKind.FOSTER_CARE, "Centro Affidi della Zona Pistoiese"),
    (AreaServiceKind.ANTI_VIOLENCE, "Centro Antiviolenza Aiutodonna"),
    (AreaServiceKind.CHILD_PROTECTION, "Servizi integrativi per la tutela minorile"),
    (AreaServiceKind.CHILD_PROTECTION_UVM, "UVM per la tutela minori"),
)
DOCUMENTS = (
    (SharedDocumentKind.PROTOCOL, "Protocollo operativo per la tutela minorile", 2, 2),
    (SharedDocumentKind.PROCEDURE, "Procedura di segnalazione all'Autorità giudiziaria", None, 1),
    (SharedDocumentKind.TRAINING, "Corso: valutazione delle competenze genitoriali", 0, 1),
    (SharedDocumentKind.PROTOCOL, "Protocollo con il Centro Antiviolenza", 1, 1),
)


def _pdf(title: str) -> bytes:
    """A one-page PDF with the title (a real, minimal file: the demo's documents open)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b" - documento dimostrativo) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _attach(row, title: str) -> None:
    content = _pdf(title)
    row.file.save("documento.pdf", ContentFile(content), save=False)
    row.file_name, row.content_type, row.size = (
        f"{title[:190]}.pdf",
        "application/pdf",
        len(content),
    )


def _bodies(context, specs, first_runts: int) -> list[Organisation]:
    fields = {f.code: f for f in ActivityField.objects.all()}
    bodies = []
    for offset, (name, form, section, municipality, codes) in enumerate(specs):
        body = Organisation.objects.create(
            zone=context.zone,
            kind="third_sector",
            name=name,
            municipality=context.municipalities.get(municipality),
            legal_form=form,
            runts_number=str(first_runts + offset),
            runts_section=section,
            legal_representative="Legale rappresentante (demo)",
            email=f"segreteria{first_runts + offset}@example.org",
        )
        body.fields_of_activity.set([fields[c] for c in codes.split() if c in fields])
        context.organisations[name] = body
        bodies.append(body)
    return bodies


def _candidature(zone, line, body, state, actor, rng, submitted_on: dt.date) -> Candidature:
    hours = Decimal(rng.choice((8, 12, 16, 20, 30, 40)))
    row = Candidature(
        zone=zone,
        line=line,
        organisation=body,
        state=state,
        people=rng.randint(1, 8),
        hours_per_month=hours,
        premises=rng.choice(("", "Sede dell'associazione, 2 giorni a settimana", "Sala riunioni")),
        vehicles=rng.choice((0, 0, 1, 2)),
        money=Decimal(rng.choice((0, 0, 500, 1500))),
        contribution=(
            f"Messa a disposizione di volontari e operatori per la linea «{line.title}», "
            "con la documentazione dei tempi e delle risorse dedicate."
        ),
        proposed_role=rng.choice(ROLES),
        submitted_by=actor,
    )
    path = {
        CandidatureState.SUBMITTED: [],
        CandidatureState.UNDER_REVIEW: ["under_review"],
        CandidatureState.ACCEPTED: ["under_review", "accepted"],
        CandidatureState.REJECTED: ["under_review", "rejected"],
        CandidatureState.ACTIVE: ["under_review", "accepted", "active"],
        CandidatureState.ENDED: ["under_review", "accepted", "active", "ended"],
        CandidatureState.WITHDRAWN: ["withdrawn"],
    }[state]
    if state == CandidatureState.REJECTED:
        row.decision_reason = "Attività già coperta da altri enti sulla linea; riproporre nel 2010."
    if "accepted" in path or "rejected" in path:
        row.reviewed_by = actor
        row.reviewed_at = dt.datetime.combine(
            submitted_on + dt.timedelta(days=30), dt.time(10), dt.UTC
        )
    if "active" in path:
        row.active_from = submitted_on + dt.timedelta(days=45)
    if "ended" in path:
        row.ended_on = dt.date(2010, 12, 31)
    row.save()
    Candidature.objects.filter(pk=row.pk).update(
        submitted_at=dt.datetime.combine(submitted_on, dt.time(9), dt.UTC)
    )
    previous = CandidatureState.SUBMITTED
    for step in path:
        CandidatureTransition.objects.create(
            candidature=row,
            from_state=previous,
            to_state=step,
            reason=row.decision_reason if step == "rejected" else "",
            actor=actor,
        )
        previous = step
    return row


def _months(first: dt.date, last: dt.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _records(zone, candidatures, actor, rng, until: dt.date) -> int:
    rows = []
    for c in candidatures:
        if c.active_from is None:
            continue
        for month in _months(c.active_from, min(c.ended_on or until, until)):
            hours = max(Decimal(0), c.hours_per_month + Decimal(rng.randint(-6, 6)))
            rows.append(
                CommitmentRecord(
                    zone=zone,
                    line=c.line,
                    organisation=c.organisation,
                    month=month,
                    hours=hours,
                    people=max(1, c.people - rng.randint(0, 1)),
                    expenses=Decimal(rng.choice((0, 0, 40, 120))),
                    activities="Turni di sportello e accompagnamenti (demo).",
                    training_hours=Decimal(rng.choice((0, 0, 0, 4))),
                    training_note="",
                    results=(
                        "Schede di primo orientamento condivise con il Punto Insieme."
                        if month.month in (6, 12)
                        else ""
                    ),
                    recorded_by=actor,
                )
            )
    CommitmentRecord.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _group(zone, line, name, kind, created_on, bodies, staff, meetings, actor) -> WorkingGroup:
    group = WorkingGroup.objects.create(
        zone=zone, line=line, kind=kind, name=name, purpose=line.title, created_on=created_on
    )
    members = [
        GroupMember.objects.create(
            group=group, organisation=body, role=GroupRole.MEMBER, joined_on=created_on
        )
        for body in bodies
    ] + [
        GroupMember.objects.create(
            group=group, user=user, role=GroupRole.COORDINATOR, joined_on=created_on
        )
        for user in staff
    ]
    held = []
    for number, (held_on, agenda) in enumerate(meetings, start=1):
        meeting = GroupMeeting.objects.create(
            group=group,
            held_on=held_on,
            place="Sede dell'Articolazione zonale, Lucca",
            agenda=agenda,
            minutes=(
                f"Incontro n. {number}. Presenti i referenti degli enti indicati. {agenda}: "
                "si concorda di raccogliere la documentazione mensile dei tempi e delle risorse "
                "dedicate e di riportarla al prossimo incontro."
            ),
            recorded_by=actor,
        )
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, member=m, present=(i + number) % 4 != 0)
            for i, m in enumerate(members)
        )
        held.append(meeting)
    programme = OperatingProgramme.objects.create(
        group=group,
        title=f"Programma operativo 2009 – {line.title}",
        period_start=dt.date(2009, 6, 1),
        period_end=dt.date(2010, 5, 31),
        status=ProgrammeStatus.AGREED if len(held) > 1 else ProgrammeStatus.DRAFT,
        agreed_on=held[1].held_on if len(held) > 1 else None,
        agreed_at=held[1] if len(held) > 1 else None,
    )
    for code, title, status, responsible in (
        ("1", "Mappatura delle attività già svolte dagli enti", ProgrammeActionStatus.DONE, 0),
        ("2", "Percorso formativo comune per i volontari", ProgrammeActionStatus.ONGOING, 1),
        ("3", "Scheda condivisa di primo orientamento", ProgrammeActionStatus.PLANNED, None),
    ):
        ProgrammeAction.objects.create(
            programme=programme,
            code=code,
            title=title,
            responsible=bodies[responsible] if responsible is not None and bodies else None,
            due_on=dt.date(2010, 3, 31),
            status=status,
        )
    return group


def _planner_in(zone) -> User | None:
    """The demo's plan office ("ufficio.piano", Pistoia) works in Lucca too, as planner."""
    planner = User.objects.filter(username="ufficio.piano").first()
    if planner is None or planner.zone_id == zone.pk:
        return planner
    membership, _ = Membership.objects.get_or_create(user=planner, zone=zone)
    membership.roles.set([role_group("planner")])
    return planner


def build_lucca_network(context, rng: random.Random) -> dict:
    zone = context.zone
    pact = Plan.objects.get(zone=zone, kind="pact")
    lines = list(PlanObjective.objects.filter(plan=pact).order_by("position"))
    actor = _planner_in(zone)
    bodies = _bodies(context, LUCCA_BODIES, 900200001)
    bodies += [context.organisations[name] for name in LUCCA_EXISTING]
    promoters = [o for o in context.organisations.values() if o.kind == "municipality"]
    adhesions = [
        Adhesion(
            zone=zone,
            pact=pact,
            organisation=body,
            role=AdhesionRole.PROMOTER,
            signed_on=dt.date(2009, 3, 16),
            signatory=f"Il Sindaco del {body.name} (demo)",
            signatory_role="Sindaco",
            recorded_by=actor,
        )
        for body in promoters
    ]
    for index, body in enumerate(bodies):
        adhesions.append(
            Adhesion(
                zone=zone,
                pact=pact,
                organisation=body,
                role=AdhesionRole.ADHERENT,
                signed_on=dt.date(2009, 3, 16) + dt.timedelta(days=7 * (index % 5)),
                signatory="Legale rappresentante (demo)",
                signatory_role="Presidente",
                withdrawn_on=dt.date(2010, 9, 30) if index == len(bodies) - 3 else None,
                withdrawal_reason=(
                    "Cessazione delle attività sul territorio della Piana."
                    if index == len(bodies) - 3
                    else ""
                ),
                recorded_by=actor,
            )
        )
    for adhesion in adhesions[: len(promoters) + 3]:
        _attach(adhesion, f"Adesione al Patto Territoriale - {adhesion.organisation.name}")
    Adhesion.objects.bulk_create(adhesions)
    candidatures = []
    for index, body in enumerate(bodies):
        for line_offset in range(1 + index % 2):
            line = lines[(index + line_offset) % len(lines)]
            state = LUCCA_STATES[(index + line_offset * 3) % len(LUCCA_STATES)]
            submitted_on = dt.date(2009, 4, 1) + dt.timedelta(days=3 * index)
            candidatures.append(_candidature(zone, line, body, state, actor, rng, submitted_on))
    records = _records(zone, candidatures, actor, rng, until=dt.date(2011, 12, 1))
    engaged = {
        line.pk: [c.organisation for c in candidatures if c.line == line and c.active_from]
        for line in lines
    }
    staff = [actor] if actor else []
    _group(
        zone,
        lines[0],
        "Gruppo di lavoro Segretariato sociale",
        GroupKind.WORKING_GROUP,
        dt.date(2009, 5, 12),
        engaged[lines[0].pk],
        staff,
        (
            (dt.date(2009, 5, 26), "Mappatura dei Punti Insieme e delle attività informative"),
            (dt.date(2009, 6, 23), "Programma operativo della linea"),
            (dt.date(2009, 10, 13), "Verifica del primo semestre"),
        ),
        actor,
    )
    _group(
        zone,
        lines[-1],
        "Gruppo di lavoro Pronto intervento sociale",
        GroupKind.PROJECT_GROUP,
        dt.date(2009, 5, 19),
        engaged[lines[-1].pk],
        staff,
        (
            (dt.date(2009, 6, 9), "Criteri per individuare le situazioni urgenti"),
            (dt.date(2009, 7, 7), "Programma operativo e reperibilità degli enti"),
        ),
        actor,
    )
    return {
        "network_bodies": len(bodies),
        "adhesions": len(adhesions),
        "candidatures": len(candidatures),
        "commitment_records": records,
        "working_groups": 2,
    }


def build_pistoia_network(context, rng: random.Random) -> dict:
    zone = context.zone
    actor = User.objects.filter(username="ufficio.piano").first()
    pact = Plan.objects.create(
        zone=zone,
        kind="pact",
        title="Patto di collaborazione con il Terzo settore della Zona Pistoiese (demo)",
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2027, 12, 31),
        status="in_execution",
        approval_act="Deliberazione dell'Assemblea dei soci (demo)",
        notes="Patto sintetico per la dimostrazione, dalle azioni c2 e a1 del seed 002 §5.",
    )
    proximity = PlanObjective.objects.create(
        plan=pact,
        code="A.1.c.5",
        title="Servizi di prossimità",
        description="Collaborazioni con associazioni di volontariato e di promozione sociale "
        "(seed 002, azione g4; convenzioni attraverso il Codice del Terzo Settore).",
        position=1,
    )
    inclusive = PlanObjective.objects.create(
        plan=pact,
        code="RETE",
        title="Rafforzare la rete inclusiva",
        description="Questionario di rilevazione dei bisogni rivolto a tutti gli attori "
        "territoriali (seed 002, azione a1).",
        position=2,
    )
    bodies = [o for o in context.organisations.values() if o.kind == "third_sector"]
    bodies += _bodies(context, PT_BODIES, 900400001)
    Adhesion.objects.bulk_create(
        Adhesion(
            zone=zone,
            pact=pact,
            organisation=body,
            signed_on=dt.date(2019, 2, 1) + dt.timedelta(days=10 * index),
            signatory="Legale rappresentante (demo)",
            signatory_role="Presidente",
            recorded_by=actor,
        )
        for index, body in enumerate(bodies)
    )
    candidatures = [
        _candidature(
            zone,
            proximity if index % 2 == 0 else inclusive,
            body,
            (CandidatureState.ACTIVE, CandidatureState.ACTIVE, CandidatureState.SUBMITTED)[
                index % 3
            ],
            actor,
            rng,
            dt.date(2025, 1, 15) + dt.timedelta(days=5 * index),
        )
        for index, body in enumerate(bodies)
    ]
    records = _records(zone, candidatures, actor, rng, until=dt.date(2025, 12, 1))
    names = {body.name: body for body in bodies}
    previous = None
    agreements = 0
    for number, body, subject, starts, ends, amount, ceiling in PT_AGREEMENTS:
        agreement = Agreement(
            zone=zone,
            organisation=names[body],
            kind=AgreementKind.VOLUNTEER,
            number=number,
            subject=subject,
            line=proximity,
            starts_on=starts,
            ends_on=ends,
            amount=amount,
            reimbursement_ceiling=ceiling,
            renews=previous if previous and previous.organisation.name == body else None,
            recorded_by=actor,
        )
        _attach(agreement, f"Convenzione {number}")
        agreement.save()
        previous = agreement
        agreements += 1
    questionnaire = Questionnaire.objects.create(
        zone=zone,
        title="Rilevazione dei bisogni dei soggetti vulnerabili",
        introduction="Seed 002, azione a1: un questionario a tutti gli attori della rete per "
        "indagare in maniera capillare le necessità dei soggetti vulnerabili.",
        created_by=actor,
    )
    questions = [
        Question.objects.create(
            questionnaire=questionnaire, position=n, text=text, kind=kind, options=options
        )
        for n, (text, kind, options) in enumerate(QUESTIONS, start=1)
    ]
    sent = QuestionnaireRound.objects.create(
        questionnaire=questionnaire,
        name="Rilevazione 2025",
        opens_on=dt.date(2025, 10, 1),
        closes_on=dt.date(2025, 11, 30),
        sent_at=dt.datetime(2025, 10, 1, 8, tzinfo=dt.UTC),
        sent_by=actor,
    )
    RoundRecipient.objects.bulk_create(RoundRecipient(round=sent, organisation=b) for b in bodies)
    responses = 0
    for body in bodies[: max(1, len(bodies) - 2)]:
        response = QuestionnaireResponse.objects.create(
            zone=zone, round=sent, organisation=body, submitted_by=actor
        )
        values = (
            rng.sample(questions[0].options, 2),
            rng.randint(2, 5),
            rng.randint(15, 240),
            rng.choice(questions[3].options),
            "Più coordinamento con i servizi sociali dei comuni.",
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=q, value=v)
            for q, v in zip(questions, values, strict=True)
        )
        responses += 1
    return {
        "network_bodies": len(bodies),
        "candidatures": len(candidatures),
        "commitment_records": records,
        "agreements": agreements,
        "questionnaire_responses": responses,
        **build_area_services(context),
    }


def build_area_services(context) -> dict:
    zone = context.zone
    users = {u.username: u for u in User.objects.filter(zone=zone)}
    coordinator = users.get("coordinatore")
    workers = [
        users[name] for name in ("assistente.pistoia", "assistente.quarrata") if name in users
    ]
    protection = users.get("tutela.minori")
    services = []
    for kind, name in AREA_SERVICES:
        service = AreaService.objects.create(
            zone=zone,
            kind=kind,
            name=name,
            description="Servizio di area coordinato dalla Società della Salute (seed 001).",
            coordinator=coordinator,
        )
        team = workers + ([protection] if protection and kind != "anti_violence" else [])
        AreaServiceMember.objects.bulk_create(
            AreaServiceMember(
                service=service, user=user, role="Assistente sociale", joined_on=dt.date(2025, 1, 1)
            )
            for user in team
        )
        services.append(service)
    author = coordinator or next(iter(users.values()))
    readers = workers + ([protection] if protection else [])
    documents = 0
    for kind, title, service_index, versions in DOCUMENTS:
        document = SharedDocument.objects.create(
            zone=zone,
            kind=kind,
            title=title,
            description="Documento condiviso con tutti gli assistenti sociali della zona (demo).",
            area_service=services[service_index] if service_index is not None else None,
            created_by=author,
        )
        for number in range(1, versions + 1):
            version = DocumentVersion(
                document=document,
                number=number,
                note="Prima stesura" if number == 1 else "Aggiornato dopo l'incontro di équipe",
                uploaded_by=author,
            )
            _attach(version, f"{title} v{number}")
            version.save()
            # Everyone read the first version; only the first reader read the second.
            who = readers if number == 1 else readers[:1]
            ReadReceipt.objects.bulk_create(ReadReceipt(version=version, user=u) for u in who)
        documents += 1
    return {"area_services": len(services), "shared_documents": documents}
