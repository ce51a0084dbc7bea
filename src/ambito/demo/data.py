"""The figures the demo zones are built from, each marked with where it comes from.

`SOURCE` values:
- "seed 002 ..." / "seed 003 ..." / "seed 000": read from the source documents in
  `shared/seeds/` (see `DOMAIN.md`); cross-checked against the documents' totals.
- "approssimazione documentata": an approximate split of a total that the seed gives.
- "sintetico": invented for the demo, plausible but not real.

Everything here is plain data; `territory.py` and `people.py` turn it into rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SEED_002 = "seed 002"
SEED_002_HEADER = "seed 002, intestazione della deliberazione (soci e quote)"
SEED_002_T1 = "seed 002, Tabella 1 (profilo famiglie REI)"
SEED_002_T3 = "seed 002, Tabella 3 e §5.1 (assistenti sociali 36 / 20)"
SEED_002_ACCESS = "seed 002, §4.1 e Tabella 2 (URP e segretariato sociale)"
SEED_003_F2 = "seed 003, §F.2 (distretto e sub-ambiti)"
SEED_000 = "seed 000 (Patto territoriale Piana di Lucca)"
DOCUMENTED = "approssimazione documentata, totale da seed 002 (171.723)"
SYNTHETIC = "sintetico (demo)"

# Ages are computed on this date, never on today(): the demo must be the same every day.
REFERENCE_DATE_ISO = "2026-01-01"
DEFAULT_SEED = 20190130  # the date of seed 002's deliberation, 30-01-2019
DEFAULT_HOUSEHOLDS = 2000
# One documented password for every demo login: the demo is public sample data.
DEMO_PASSWORD = "Ambito-demo-2026!"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    populations: tuple[tuple[int, int, str], ...]  # (year, population, source)
    subarea: str = ""  # SubArea code, "" for none

    @property
    def latest_population(self) -> int:
        return max(self.populations)[1]


@dataclass(frozen=True)
class MemberSpec:
    organisation: str
    share: Decimal
    representative: str
    representative_role: str
    SOURCE: str = SEED_002_HEADER


@dataclass(frozen=True)
class OrganisationSpec:
    kind: str
    name: str
    municipality: str = ""
    legal_form: str = ""
    runts_number: str = ""
    tax_code: str = ""
    address: str = ""
    SOURCE: str = SYNTHETIC


@dataclass(frozen=True)
class StaffSpec:
    """`count` staff rows alike. `municipalities` empty means: they serve the whole zone."""

    count: int
    profile: str
    employer: str
    area: str
    weekly_hours: Decimal = Decimal("36")
    municipalities: tuple[str, ...] = ()
    funded_by: str = ""
    note: str = ""
    SOURCE: str = SYNTHETIC
    annual_cost: Decimal | None = None  # each


@dataclass(frozen=True)
class AccessPointSpec:
    kind: str
    name: str
    municipality: str
    organisation: str
    schedule: str  # key of SCHEDULES
    address: str = ""  # "" = a synthetic street in the municipality
    SOURCE: str = SYNTHETIC


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name: str
    kind: str
    region: str
    province_code: str
    tax_code: str
    address: str
    lead_body: str  # organisation name
    hospital_city: str  # where most residents were born (a birth-place code must decode)
    municipalities: tuple[MunicipalitySpec, ...]
    organisations: tuple[OrganisationSpec, ...]
    access_points: tuple[AccessPointSpec, ...]
    staff: tuple[StaffSpec, ...]
    members: tuple[MemberSpec, ...] = ()
    subareas: tuple[tuple[str, str], ...] = ()
    SOURCE: str = SYNTHETIC


# --- weekly opening hours (all synthetic) ------------------------------------------------
# weekday 0 = Monday; each entry (weekday, "HH:MM", "HH:MM").
SCHEDULES: dict[str, tuple[tuple[int, str, str], ...]] = {
    "urp_city": tuple((d, "08:30", "13:00") for d in range(5))
    + ((1, "15:00", "17:30"), (3, "15:00", "17:30")),
    "urp_town": (
        (0, "09:00", "12:30"),
        (2, "09:00", "12:30"),
        (4, "09:00", "12:30"),
        (1, "15:00", "17:30"),
    ),
    "urp_village": ((1, "09:00", "12:30"), (4, "09:00", "12:30")),
    "seg_a": ((0, "09:00", "12:30"), (3, "09:00", "12:30"), (1, "14:30", "17:00")),
    "seg_b": ((1, "09:00", "12:30"), (4, "09:00", "12:30"), (3, "14:30", "17:00")),
    "seg_c": ((2, "09:00", "12:30"), (4, "09:00", "12:30")),
    "seg_small": ((2, "09:00", "12:00"),),
    "pua": tuple((d, "08:30", "13:30") for d in range(5))
    + ((1, "14:00", "17:00"), (3, "14:00", "17:00")),
}

# ==========================================================================================
# Zone 1: Società della Salute Pistoiese (seed 002)
# ==========================================================================================
PT_SDS = "Società della Salute Pistoiese"
PT_USL = "Azienda USL Toscana Centro"
PT_CPI = "Centro per l'Impiego di Pistoia"
PT_MOUNTAIN = ("San Marcello Piteglio", "Abetone Cutigliano", "Sambuca Pistoiese")


def _pt(name: str, pop_2018: int, pop_2024: int) -> MunicipalitySpec:
    return MunicipalitySpec(
        name=name,
        populations=((2018, pop_2018, DOCUMENTED), (2024, pop_2024, SYNTHETIC)),
    )


# 2018: documented split of seed 002's 171.723 (Tabelle 2, 3 and §5.1 give the total only).
# 2024: synthetic, a plausible drift from 2018.
PT_MUNICIPALITIES = (
    _pt("Pistoia", 89_795, 90_150),
    _pt("Quarrata", 26_741, 26_580),
    _pt("Agliana", 17_914, 18_060),
    _pt("Serravalle Pistoiese", 11_627, 11_520),
    _pt("Montale", 10_777, 10_640),
    _pt("San Marcello Piteglio", 7_963, 7_490),
    _pt("Marliana", 3_193, 3_120),
    _pt("Abetone Cutigliano", 2_082, 1_930),
    _pt("Sambuca Pistoiese", 1_631, 1_500),
)
assert sum(m.populations[0][1] for m in PT_MUNICIPALITIES) == 171_723

# Seed 002 header table, exactly: the shares total 99,00% in the source; kept as they are
# (the UI warns). Where a delegate attended for the mayor ("p." in the table) both are kept.
PT_MEMBERS = (
    MemberSpec("Comune di Abetone Cutigliano", Decimal("0.81"), "Diego Petrucci", "Sindaco"),
    MemberSpec("Comune di Agliana", Decimal("6.75"), "Giacomo Mangoni", "Sindaco"),
    MemberSpec(
        "Comune di Marliana",
        Decimal("1.24"),
        "Marco Traversari",
        "Sindaco (delegata alla seduta del 30/01/2019: Elena Giannini)",
    ),
    MemberSpec(
        "Comune di Montale",
        Decimal("4.13"),
        "Ferdinando Betti",
        "Sindaco (delegata alla seduta del 30/01/2019: Sandra Neri)",
    ),
    MemberSpec("Comune di Pistoia", Decimal("34.76"), "Anna Maria Ida Celesti", "Vice sindaco"),
    MemberSpec(
        "Comune di Quarrata",
        Decimal("10.08"),
        "Marco Mazzanti",
        "Sindaco (delegata alla seduta del 30/01/2019: Anna Lia Colzi)",
    ),
    MemberSpec(
        "Comune di Sambuca Pistoiese",
        Decimal("0.62"),
        "Fabio Micheletti",
        "Sindaco (delegato alla seduta del 30/01/2019: Maurizio Vighi)",
    ),
    MemberSpec(
        "Comune di San Marcello Piteglio",
        Decimal("3.12"),
        "Luca Marmo",
        "Sindaco (delegato alla seduta del 30/01/2019: Roberto Rimediotti)",
    ),
    MemberSpec(
        "Comune di Serravalle Pistoiese",
        Decimal("4.49"),
        "Piero Lunardi",
        "Sindaco (delegata alla seduta del 30/01/2019: Ilaria Gargini)",
    ),
    MemberSpec(PT_USL, Decimal("33.00"), "Rossella Boldrini", "Delegato"),
)
assert sum(m.share for m in PT_MEMBERS) == Decimal("99.00")

PT_ORGANISATIONS = (
    OrganisationSpec(
        "consortium",
        PT_SDS,
        "Pistoia",
        legal_form="Consorzio pubblico (L.R. Toscana 40/2005)",
        tax_code="90048490479",
        address="Viale Giacomo Matteotti, 35 - 51100 Pistoia",
        SOURCE=SEED_002,
    ),
    OrganisationSpec("asl", PT_USL, "Pistoia", legal_form="Azienda sanitaria", SOURCE=SEED_002),
    OrganisationSpec(
        "cpi",
        PT_CPI,
        "Pistoia",
        legal_form="Ufficio regionale (ARTI Toscana)",
        address="Via Pertini, 10 - Pistoia",
    ),
    OrganisationSpec(
        "school",
        "Istituto Comprensivo «Le Querce» (demo)",
        "Pistoia",
        legal_form="Istituzione scolastica statale",
        address="Via delle Querce, 4 - Pistoia",
    ),
    OrganisationSpec(
        "third_sector",
        "Cooperativa sociale L'Approdo (demo)",
        "Pistoia",
        legal_form="Cooperativa sociale di tipo A",
        runts_number="900104521",
        address="Via Fiorentina, 88 - Pistoia",
    ),
    OrganisationSpec(
        "third_sector",
        "Cooperativa sociale Il Sentiero (demo)",
        "Quarrata",
        legal_form="Cooperativa sociale di tipo B",
        runts_number="900104877",
        address="Via Montalbano, 23 - Quarrata",
    ),
    OrganisationSpec(
        "third_sector",
        "Associazione di volontariato Mano Amica (demo)",
        "Pistoia",
        legal_form="Organizzazione di volontariato (ODV)",
        runts_number="900110032",
        address="Via San Pietro, 5 - Pistoia",
    ),
    OrganisationSpec(
        "third_sector",
        "APS Spazio Comune (demo)",
        "Agliana",
        legal_form="Associazione di promozione sociale (APS)",
        runts_number="900112409",
        address="Piazza Gramsci, 7 - Agliana",
    ),
)

PT_COOP_A = "Cooperativa sociale L'Approdo (demo)"
PT_COOP_B = "Cooperativa sociale Il Sentiero (demo)"
PT_ODV = "Associazione di volontariato Mano Amica (demo)"

PT_STAFF = (
    # --- 36 social workers in social-assistance functions (seed 002 Tabella 3 + §5.1) ----
    StaffSpec(
        16,
        "social_worker",
        "Comune di Pistoia",
        "social",
        municipalities=("Pistoia",),
        SOURCE=SEED_002_T3,
    ),
    StaffSpec(
        3,
        "social_worker",
        "Comune di Quarrata",
        "social",
        municipalities=("Quarrata",),
        SOURCE=SEED_002_T3,
    ),
    StaffSpec(
        4,
        "social_worker",
        "Comune di Agliana",
        "social",
        municipalities=("Agliana",),
        SOURCE=SEED_002_T3,
    ),
    StaffSpec(
        1,
        "social_worker",
        "Comune di Montale",
        "social",
        municipalities=("Montale",),
        SOURCE=SEED_002_T3,
    ),
    StaffSpec(
        2,
        "social_worker",
        "Comune di Serravalle Pistoiese",
        "social",
        municipalities=("Serravalle Pistoiese",),
        SOURCE=SEED_002_T3,
    ),
    # "Comune Montani" in Tabella 3: the three mountain municipalities.
    StaffSpec(
        2,
        "social_worker",
        "Comune di San Marcello Piteglio",
        "social",
        municipalities=PT_MOUNTAIN,
        SOURCE=SEED_002_T3,
    ),
    StaffSpec(
        1,
        "social_worker",
        "Comune di Marliana",
        "social",
        municipalities=("Marliana",),
        SOURCE=SEED_002_T3,
    ),
    # "Comune Rei" in Tabella 3: 2 AS on PON SIA/REI funds, 30 h/week, for every municipality.
    StaffSpec(
        2,
        "social_worker",
        PT_SDS,
        "social",
        weekly_hours=Decimal("30"),
        funded_by="PON Inclusione (SIA/REI)",
        # Tabella 3: "Valore economico annuo € 99.766,80" for the 2 additional social workers.
        annual_cost=Decimal("49883.40"),
        SOURCE=SEED_002_T3,
    ),
    # §5.1: 36 "a regime" = the 31 above + 5 more on the Quota servizi Fondo povertà.
    StaffSpec(
        5,
        "social_worker",
        PT_SDS,
        "social",
        funded_by="Quota servizi Fondo povertà",
        SOURCE=SEED_002_T3,
    ),
    # --- 20 social workers in health / social-health functions (Tabella 3: 16 / 2 / 2) ---
    StaffSpec(16, "social_worker", PT_SDS, "health", note="SdS", SOURCE=SEED_002_T3),
    StaffSpec(2, "social_worker", PT_USL, "health", note="SERD", SOURCE=SEED_002_T3),
    StaffSpec(2, "social_worker", PT_USL, "health", note="UFSMA", SOURCE=SEED_002_T3),
    # --- other staff (synthetic) ------------------------------------------------------------
    StaffSpec(4, "cpi_consultant", PT_CPI, "social", note="mini-équipe ed EEMM"),
    StaffSpec(
        1,
        "coordinator",
        PT_SDS,
        "social",
        funded_by="Quota servizi Fondo povertà",
        note="program manager (seed 002 §4.3)",
    ),
    StaffSpec(3, "administrative", PT_SDS, "social", note="una dedicata alle pratiche REI"),
    StaffSpec(
        2,
        "administrative",
        PT_SDS,
        "social",
        municipalities=("Pistoia",),
        funded_by="Quota servizi Fondo povertà",
        note="potenziamento URP (azione a1)",
    ),
    StaffSpec(4, "educator", PT_COOP_A, "social", weekly_hours=Decimal("30")),
    StaffSpec(2, "educator", PT_COOP_B, "social", weekly_hours=Decimal("25")),
    StaffSpec(3, "tutor", PT_COOP_A, "social", weekly_hours=Decimal("18"), note="tutor EEMM"),
    StaffSpec(2, "tutor", PT_ODV, "social", weekly_hours=Decimal("12"), note="tutor EEMM"),
    StaffSpec(1, "psychologist", PT_USL, "health", note="UFSMA"),
    StaffSpec(2, "other", PT_SDS, "social", note="SEUS pronto intervento sociale"),
    StaffSpec(1, "mediator", PT_COOP_A, "social", weekly_hours=Decimal("20")),
)

_PT_SEG_SCHEDULES = ("seg_a", "seg_b", "seg_c", "seg_a", "seg_b")


def _pt_access_points() -> tuple[AccessPointSpec, ...]:
    points = []
    for municipality in PT_MUNICIPALITIES:
        name = municipality.name
        size = municipality.latest_population
        schedule = "urp_city" if size > 50_000 else "urp_town" if size > 5_000 else "urp_village"
        points.append(
            AccessPointSpec(
                "urp",
                f"URP Comune di {name}",
                name,
                f"Comune di {name}",
                schedule,
                address="Piazza del Duomo, 1 - 51100 Pistoia" if name == "Pistoia" else "",
                SOURCE=SEED_002_ACCESS,
            )
        )
        if name == "Pistoia":
            # Seed 002 §4.1: Pistoia has 5 segretariato presidi, "senza appuntamento".
            for index, area in enumerate(
                (
                    "Centro",
                    "Nord - Le Fornaci",
                    "Est - Bottegone",
                    "Sud - Bonelle",
                    "Ovest - Vicofaro",
                )
            ):
                points.append(
                    AccessPointSpec(
                        "segretariato",
                        f"Segretariato sociale Pistoia {area}",
                        name,
                        PT_SDS,
                        _PT_SEG_SCHEDULES[index],
                        SOURCE=SEED_002_ACCESS,
                    )
                )
        else:
            points.append(
                AccessPointSpec(
                    "segretariato",
                    f"Segretariato sociale {name}",
                    name,
                    PT_SDS,
                    "seg_b" if size > 5_000 else "seg_small",
                    SOURCE=SEED_002_ACCESS,
                )
            )
    points.append(
        AccessPointSpec(
            "pua_central",
            "PUA - Punto Unico di Accesso, presidio centrale",
            "Pistoia",
            PT_SDS,
            "pua",
            address="Viale Giacomo Matteotti, 35 - 51100 Pistoia",
        )
    )
    return tuple(points)


PISTOIA = ZoneSpec(
    code="sds-pistoiese",
    name=PT_SDS,
    kind="sds",
    region="Toscana",
    province_code="PT",
    tax_code="90048490479",
    address="Viale Giacomo Matteotti, 35 - 51100 Pistoia",
    lead_body=PT_SDS,
    hospital_city="Pistoia",
    municipalities=PT_MUNICIPALITIES,
    organisations=PT_ORGANISATIONS,
    access_points=_pt_access_points(),
    staff=PT_STAFF,
    members=PT_MEMBERS,
    SOURCE=SEED_002,
)

# ==========================================================================================
# Zone 2: Distretto di Crema (seed 003 §F.2: Crema lead body + 47 municipalities in 5
# sub-areas). The OCR's "Torlino Vimercati" and "Casale-Vidolasco" are read as the ISTAT
# names; "Credera-Rubbiano" is "Credera Rubbiano". Populations: synthetic approximations.
# ==========================================================================================
CR_SUBAREAS = tuple((str(n), f"Sub-ambito {n}") for n in range(1, 6))

_CR_BY_SUBAREA: dict[str, tuple[tuple[str, int], ...]] = {
    "": (("Crema", 34_500),),
    "1": (
        ("Pandino", 9_000),
        ("Agnadello", 3_900),
        ("Dovera", 3_900),
        ("Palazzo Pignano", 3_900),
        ("Rivolta d'Adda", 8_000),
        ("Spino d'Adda", 7_000),
        ("Torlino Vimercati", 450),
    ),
    "2": (
        ("Sergnano", 3_600),
        ("Camisano", 1_300),
        ("Capralba", 2_400),
        ("Casaletto Vaprio", 1_800),
        ("Casale Cremasco-Vidolasco", 1_800),
        ("Castel Gabbiano", 450),
        ("Pieranica", 1_100),
        ("Quintano", 900),
        ("Vailate", 4_500),
    ),
    "3": (
        ("Bagnolo Cremasco", 4_800),
        ("Campagnola Cremasca", 700),
        ("Capergnanica", 2_100),
        ("Chieve", 2_200),
        ("Cremosano", 1_700),
        ("Monte Cremasco", 2_300),
        ("Ripalta Cremasca", 3_400),
        ("Ripalta Guerina", 500),
        ("Pianengo", 2_600),
        ("Trescore Cremasco", 2_900),
        ("Vaiano Cremasco", 3_900),
    ),
    "4": (
        ("Soncino", 7_700),
        ("Casaletto di Sopra", 550),
        ("Cumignano sul Naviglio", 450),
        ("Genivolta", 1_100),
        ("Izano", 2_000),
        ("Offanengo", 6_100),
        ("Ricengo", 1_700),
        ("Romanengo", 3_100),
        ("Salvirola", 1_200),
        ("Ticengo", 450),
        ("Trigolo", 1_700),
    ),
    "5": (
        ("Castelleone", 9_500),
        ("Casaletto Ceredano", 1_200),
        ("Credera Rubbiano", 1_600),
        ("Fiesco", 1_200),
        ("Gombito", 650),
        ("Madignano", 2_900),
        ("Montodine", 2_500),
        ("Moscazzano", 800),
        ("Ripalta Arpina", 1_000),
    ),
}
CR_MUNICIPALITIES = tuple(
    MunicipalitySpec(name, ((2024, population, SYNTHETIC),), subarea=subarea)
    for subarea, rows in _CR_BY_SUBAREA.items()
    for name, population in rows
)
assert len(CR_MUNICIPALITIES) == 48
assert sum(m.latest_population for m in CR_MUNICIPALITIES) == 163_000
# The sub-area's seat (first municipality named in seed 003) employs its social workers.
CR_SUBAREA_SEATS = {code: rows[0][0] for code, rows in _CR_BY_SUBAREA.items() if code}
CR_CPI = "Centro per l'Impiego di Crema"
CR_COOP = "Cooperativa sociale Il Girasole (demo)"

CR_ORGANISATIONS = (
    OrganisationSpec("cpi", CR_CPI, "Crema", legal_form="Ufficio provinciale"),
    OrganisationSpec(
        "asl", "ASST di Crema", "Crema", legal_form="Azienda socio-sanitaria territoriale"
    ),
    OrganisationSpec(
        "third_sector",
        CR_COOP,
        "Crema",
        legal_form="Cooperativa sociale di tipo A",
        runts_number="900220187",
    ),
    OrganisationSpec(
        "third_sector",
        "ODV Insieme per il Cremasco (demo)",
        "Castelleone",
        legal_form="Organizzazione di volontariato (ODV)",
        runts_number="900221904",
    ),
    # Home-care providers of the voucher domiciliarità (issue 18, demo/providers_crema.py).
    OrganisationSpec(
        "provider",
        "Cooperativa sociale Casa Amica (demo)",
        "Crema",
        legal_form="Cooperativa sociale di tipo A",
        runts_number="900223310",
    ),
    OrganisationSpec(
        "provider",
        "Domicilio Sereno S.r.l. (demo)",
        "Soncino",
        legal_form="Società a responsabilità limitata",
    ),
    # The bodies managing the district's RSA (seed 003: "enti (Aziende e Fondazioni) gestori di
    # RSA"), issue 19, demo/rsa_crema.py. Synthetic names.
    OrganisationSpec(
        "structure",
        "Fondazione Casa di Riposo Città di Crema (demo)",
        "Crema",
        legal_form="Fondazione",
    ),
    OrganisationSpec(
        "structure",
        "Fondazione Ospitalità del Cremasco (demo)",
        "Castelleone",
        legal_form="Fondazione",
    ),
    OrganisationSpec(
        "structure",
        "Azienda Servizi alla Persona Soncino (demo)",
        "Soncino",
        legal_form="Azienda di servizi alla persona",
    ),
)

# The RSA managing body of the demo login "rsa.crema".
CR_RSA_BODY = "Fondazione Casa di Riposo Città di Crema (demo)"


def _cr_access_points() -> tuple[AccessPointSpec, ...]:
    points = [
        AccessPointSpec("urp", "URP Comune di Crema", "Crema", "Comune di Crema", "urp_city"),
        AccessPointSpec(
            "segretariato", "Segretariato sociale Crema", "Crema", "Comune di Crema", "seg_a"
        ),
        AccessPointSpec(
            "pua_central", "PUA - presidio centrale di Crema", "Crema", "Comune di Crema", "pua"
        ),
    ]
    for code, seat in CR_SUBAREA_SEATS.items():
        points.append(
            AccessPointSpec(
                "segretariato",
                f"Segretariato sociale Sub-ambito {code} ({seat})",
                seat,
                f"Comune di {seat}",
                "seg_b",
            )
        )
        points.append(
            AccessPointSpec(
                "pua_desk", f"Sportello PUA {seat}", seat, f"Comune di {seat}", "seg_small"
            )
        )
    return tuple(points)


def _cr_staff() -> tuple[StaffSpec, ...]:
    staff = [
        StaffSpec(6, "social_worker", "Comune di Crema", "social", municipalities=("Crema",)),
        StaffSpec(2, "cpi_consultant", CR_CPI, "social"),
        StaffSpec(2, "administrative", "Comune di Crema", "social", note="Ufficio di Piano"),
        StaffSpec(3, "educator", CR_COOP, "social", weekly_hours=Decimal("30"), note="ADM"),
        StaffSpec(2, "tutor", CR_COOP, "social", weekly_hours=Decimal("15")),
    ]
    for code, seat in CR_SUBAREA_SEATS.items():
        staff.append(
            StaffSpec(
                2,
                "social_worker",
                f"Comune di {seat}",
                "social",
                municipalities=tuple(name for name, _ in _CR_BY_SUBAREA[code]),
                note=f"Sub-ambito {code}",
            )
        )
    return tuple(staff)


CREMA = ZoneSpec(
    code="distretto-crema",
    name="Distretto di Crema",
    kind="distretto",
    region="Lombardia",
    province_code="CR",
    tax_code="",
    address="Piazza del Duomo, 25 - 26013 Crema",
    lead_body="Comune di Crema",  # seed 003 §F.2: "Ente Capofila dell'Ambito Distrettuale"
    hospital_city="Crema",
    municipalities=CR_MUNICIPALITIES,
    organisations=CR_ORGANISATIONS,
    access_points=_cr_access_points(),
    staff=_cr_staff(),
    subareas=CR_SUBAREAS,
    SOURCE=SEED_003_F2,
)

# ==========================================================================================
# Zone 3: Zona Piana di Lucca (seed 000: the seven municipalities). Populations synthetic.
# ==========================================================================================
LU_MUNICIPALITIES = tuple(
    MunicipalitySpec(name, ((2024, population, SYNTHETIC),))
    for name, population in (
        ("Lucca", 89_000),
        ("Capannori", 46_500),
        ("Altopascio", 15_700),
        ("Porcari", 8_800),
        ("Montecarlo", 4_400),
        ("Pescaglia", 3_300),
        ("Villa Basilica", 1_500),
    )
)
LU_CPI = "Centro per l'Impiego di Lucca"
LU_COOP = "Cooperativa sociale La Piana (demo)"

LU_ORGANISATIONS = (
    OrganisationSpec("cpi", LU_CPI, "Lucca", legal_form="Ufficio regionale (ARTI Toscana)"),
    OrganisationSpec(
        "asl", "Azienda USL Toscana Nord Ovest", "Lucca", legal_form="Azienda sanitaria"
    ),
    OrganisationSpec(
        "third_sector",
        LU_COOP,
        "Capannori",
        legal_form="Cooperativa sociale di tipo A",
        runts_number="900330415",
    ),
    OrganisationSpec(
        "third_sector",
        "Associazione Il Ponte sul Serchio (demo)",
        "Lucca",
        legal_form="Associazione di promozione sociale (APS)",
        runts_number="900331088",
    ),
)


def _lu_access_points() -> tuple[AccessPointSpec, ...]:
    points = []
    for municipality in LU_MUNICIPALITIES:
        name = municipality.name
        size = municipality.latest_population
        points.append(
            AccessPointSpec(
                "urp",
                f"URP Comune di {name}",
                name,
                f"Comune di {name}",
                "urp_city" if size > 50_000 else "urp_town" if size > 5_000 else "urp_village",
            )
        )
        points.append(
            AccessPointSpec(
                "segretariato",
                f"Segretariato sociale {name}",
                name,
                f"Comune di {name}",
                "seg_a" if size > 5_000 else "seg_small",
            )
        )
    points.append(
        AccessPointSpec("pua_central", "PUA Piana di Lucca", "Lucca", "Comune di Lucca", "pua")
    )
    return tuple(points)


LUCCA = ZoneSpec(
    code="piana-lucca",
    name="Zona Piana di Lucca",
    kind="ambito",
    region="Toscana",
    province_code="LU",
    tax_code="",
    address="Via San Giorgio, 1 - 55100 Lucca",
    lead_body="Comune di Lucca",  # synthetic assumption: the seed names no lead body
    hospital_city="Lucca",
    municipalities=LU_MUNICIPALITIES,
    organisations=LU_ORGANISATIONS,
    access_points=_lu_access_points(),
    staff=(
        StaffSpec(12, "social_worker", "Comune di Lucca", "social", municipalities=("Lucca",)),
        StaffSpec(
            6, "social_worker", "Comune di Capannori", "social", municipalities=("Capannori",)
        ),
        StaffSpec(
            2, "social_worker", "Comune di Altopascio", "social", municipalities=("Altopascio",)
        ),
        StaffSpec(1, "social_worker", "Comune di Porcari", "social", municipalities=("Porcari",)),
        StaffSpec(
            1, "social_worker", "Comune di Montecarlo", "social", municipalities=("Montecarlo",)
        ),
        StaffSpec(
            1,
            "social_worker",
            "Comune di Pescaglia",
            "social",
            municipalities=("Pescaglia", "Villa Basilica"),
        ),
        StaffSpec(2, "cpi_consultant", LU_CPI, "social"),
        StaffSpec(2, "administrative", "Comune di Lucca", "social"),
        StaffSpec(3, "educator", LU_COOP, "social", weekly_hours=Decimal("30")),
    ),
    SOURCE=SEED_000,
)

ZONES: tuple[ZoneSpec, ...] = (PISTOIA, CREMA, LUCCA)
DEMO_ZONE_CODES = tuple(zone.code for zone in ZONES)

# --- households (seed 002 Tabella 1: profile of 443 REI households) -----------------------
# Sizes 1..5 as read; "+5" (5,5%) spread over 6, 7 and 8 members (synthetic split).
HOUSEHOLD_SIZE_WEIGHTS = {1: 31.0, 2: 23.0, 3: 18.0, 4: 14.0, 5: 8.5, 6: 3.5, 7: 1.5, 8: 0.5}
HOUSEHOLD_SIZE_SOURCE = SEED_002_T1
SINGLE_PARENT_SHARE = 0.095  # "Totale Mono Genitoriali 9,5 %" (seed 002 Tabella 1)
ISEE_SHARE = 0.40  # synthetic
FOREIGN_HOUSEHOLD_SHARE = 0.12  # synthetic, close to the foreign residents' share in Italy
