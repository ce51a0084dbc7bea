"""One demo login per role (all in the Pistoia zone), plus a social worker in Crema to show
that zones do not see each other. Created through `core.services.user_create`; all share the
documented demo password `data.DEMO_PASSWORD`. Names are synthetic: a login linked to a Staff
row takes that operator's (synthetic) name."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ambito.core.choices import Role
from ambito.core.models import User
from ambito.core.services import user_create

from .data import (
    CR_COOP,
    CR_RSA_BODY,
    CREMA,
    DEMO_PASSWORD,
    LUCCA,
    PISTOIA,
    PT_COOP_A,
    PT_CPI,
    PT_SDS,
    PT_USL,
)
from .territory import ZoneContext

ALL = ("*",)


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    zone_code: str | None
    organisation: str = ""
    municipalities: tuple[str, ...] = ()  # ("*",) = every municipality of the zone
    staff: tuple[str, str, str] | None = None  # (profile, employer, funded_by or "") to link
    name: tuple[str, str] = ("", "")  # for logins without a Staff row
    description: str = ""


LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec(
        "front.office",
        Role.FRONT_OFFICE,
        PISTOIA.code,
        PT_SDS,
        ("Pistoia",),
        staff=("administrative", PT_SDS, "Quota servizi Fondo povertà"),
        description="URP / segretariato sociale di Pistoia",
    ),
    LoginSpec(
        "assistente.pistoia",
        Role.SOCIAL_WORKER,
        PISTOIA.code,
        "Comune di Pistoia",
        ("Pistoia",),
        staff=("social_worker", "Comune di Pistoia", ""),
        description="vede i residenti di Pistoia",
    ),
    LoginSpec(
        "assistente.quarrata",
        Role.SOCIAL_WORKER,
        PISTOIA.code,
        "Comune di Quarrata",
        ("Quarrata",),
        staff=("social_worker", "Comune di Quarrata", ""),
        description="vede i residenti di Quarrata",
    ),
    LoginSpec(
        "coordinatore",
        Role.COORDINATOR,
        PISTOIA.code,
        PT_SDS,
        ALL,
        staff=("social_worker", PT_SDS, ""),
        description="assegna le cartelle dei comuni della zona",
    ),
    LoginSpec(
        "cpi",
        Role.CPI_CONSULTANT,
        PISTOIA.code,
        PT_CPI,
        ALL,
        staff=("cpi_consultant", PT_CPI, ""),
        description="mini-équipe ed EEMM",
    ),
    LoginSpec(
        "terzo.settore",
        Role.THIRD_SECTOR,
        PISTOIA.code,
        PT_COOP_A,
        ALL,
        staff=("tutor", PT_COOP_A, ""),
        description="tutor EEMM",
    ),
    LoginSpec(
        "specialista",
        Role.SPECIALIST,
        PISTOIA.code,
        PT_USL,
        ALL,
        staff=("psychologist", PT_USL, ""),
        description="UFSMA",
    ),
    LoginSpec(
        "emergenza",
        Role.EMERGENCY,
        PISTOIA.code,
        PT_SDS,
        ALL,
        staff=("other", PT_SDS, ""),
        description="SEUS, pronto intervento sociale",
    ),
    LoginSpec(
        "tutela.minori",
        Role.CHILD_PROTECTION,
        PISTOIA.code,
        PT_SDS,
        ALL,
        name=("Marta", "Lenzi"),
        description="vede le emergenze con minori e i loro dati",
    ),
    LoginSpec(
        "ufficio.piano",
        Role.PLANNER,
        PISTOIA.code,
        PT_SDS,
        ALL,
        staff=("coordinator", PT_SDS, "Quota servizi Fondo povertà"),
        description="program manager",
    ),
    LoginSpec(
        "assemblea",
        Role.ASSEMBLY,
        PISTOIA.code,
        "Comune di Pistoia",
        name=("Laura", "Innocenti"),
        description="sola lettura",
    ),
    LoginSpec(
        "admin.zona",
        Role.ZONE_ADMIN,
        PISTOIA.code,
        PT_SDS,
        ALL,
        name=("Paolo", "Bonacchi"),
        description="amministra l'ambito, legge i registri di audit",
    ),
    LoginSpec(
        "admin.sistema",
        Role.SYSTEM_ADMIN,
        None,
        name=("Chiara", "Gelli"),
        description="superutente, nessun ambito",
    ),
    LoginSpec(
        "assistente.crema",
        Role.SOCIAL_WORKER,
        CREMA.code,
        "Comune di Crema",
        ("Crema",),
        staff=("social_worker", "Comune di Crema", ""),
        description="altro ambito: non vede i dati di Pistoia",
    ),
    LoginSpec(
        "ufficio.crema",
        Role.PLANNER,
        CREMA.code,
        "Comune di Crema",
        name=("Marta", "Bonizzi"),
        description="Ufficio di Piano di Crema: titoli sociali, accreditamento, pagamenti",
    ),
    LoginSpec(
        "erogatore.crema",
        Role.THIRD_SECTOR,
        CREMA.code,
        CR_COOP,
        name=("Paolo", "Denti"),
        description="operatore di un erogatore accreditato: registra le ore dei voucher",
    ),
    LoginSpec(
        "tutela.crema",
        Role.CHILD_PROTECTION,
        CREMA.code,
        "Comune di Crema",
        ALL,
        name=("Giulia", "Ferla"),
        description="Servizio distrettuale tutela minori e affidi: provvedimenti, relazioni",
    ),
    LoginSpec(
        "rsa.crema",
        Role.THIRD_SECTOR,
        CREMA.code,
        CR_RSA_BODY,
        name=("Sergio", "Vailati"),
        description="ente gestore di una RSA: vede la graduatoria delle sue strutture",
    ),
    LoginSpec(
        "emergenza.crema",
        Role.EMERGENCY,
        CREMA.code,
        "Comune di Crema",
        ALL,
        name=("Davide", "Ferrari"),
        description="pronto intervento del Distretto di Crema",
    ),
    LoginSpec(
        "emergenza.lucca",
        Role.EMERGENCY,
        LUCCA.code,
        "Comune di Lucca",
        ALL,
        name=("Elena", "Giannini"),
        description="pronto intervento della Piana di Lucca",
    ),
)
DEMO_USERNAMES = tuple(login.username for login in LOGINS)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    zone: str
    description: str


def create_logins(contexts: dict[str, ZoneContext]) -> list[Login]:
    # The password is hashed once (PBKDF2 takes ~0.7 s here) and the hash shared: every demo
    # login has the same, published password anyway. user_create gets None (an unusable
    # password, no hashing) and the shared hash replaces it.
    password_hash = make_password(DEMO_PASSWORD)
    logins = []
    for spec in LOGINS:
        context = contexts.get(spec.zone_code) if spec.zone_code else None
        staff = None
        first_name, last_name = spec.name
        if spec.staff and context is not None:
            profile, employer, funded_by = spec.staff
            staff = next(
                row
                for staff_spec, row in context.staff
                if staff_spec.profile == profile
                and staff_spec.employer == employer
                and staff_spec.funded_by == funded_by
                and row.user_id is None
            )
            first_name, last_name = staff.first_name, staff.last_name
        municipalities = []
        if context is not None:
            municipalities = (
                list(context.municipalities.values())
                if spec.municipalities == ALL
                else [context.municipalities[name] for name in spec.municipalities]
            )
        user = user_create(
            username=spec.username,
            password=None,
            roles=[spec.role],
            zone=context.zone if context else None,
            organisation=context.organisations[spec.organisation] if context else None,
            municipalities=municipalities,
            first_name=first_name,
            last_name=last_name,
            email=f"{spec.username}@demo.example.org",
        )
        # The shared hash. The system administrator is staff (user_create makes them so) and
        # not a superuser: the role's permissions give the configuration of every zone and no
        # personal data (core/admin_mixins.py).
        User.objects.filter(pk=user.pk).update(password=password_hash)
        if staff is not None:
            staff.user = user
            staff.save(update_fields=["user"])
        logins.append(
            Login(
                username=spec.username,
                password=DEMO_PASSWORD,
                role=Role(spec.role).label,
                zone=context.zone.name if context else "—",
                description=spec.description,
            )
        )
    return logins


def demo_logins() -> list[Login]:
    """The logins of an existing demo (to print them again)."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=DEMO_USERNAMES).select_related("zone")
    }
    return [
        Login(
            username=spec.username,
            password=DEMO_PASSWORD,
            role=Role(spec.role).label,
            zone=users[spec.username].zone.name if users[spec.username].zone else "—",
            description=spec.description,
        )
        for spec in LOGINS
        if spec.username in users
    ]


def format_logins(logins: list[Login], url: str) -> str:
    rows = [("utente", "password", "ruolo", "ambito", "note")]
    rows += [(x.username, x.password, x.role, x.zone, x.description) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["", "Accessi demo (solo dati dimostrativi: non usare queste password altrove):"]
    for index, row in enumerate(rows):
        lines.append(
            "  "
            + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[4]
        )
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths) + "  " + "-" * 4)
    lines += ["", f"Apri {url}"]
    return "\n".join(line.rstrip() for line in lines)
