"""The navigation a user sees depends on what they may do; it links only to real pages.

Links are offered with the same check as the views they open (`core.permissions.allowed`):
a permission held outside any zone opens nothing, since every page is zone-scoped."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as _django_reverse

from .permissions import allowed


@lru_cache(maxsize=256)
def _reverse(url_name: str, prefix: str, urlconf: str) -> str:
    return _django_reverse(url_name, urlconf=urlconf)


def reverse(url_name: str) -> str:
    """Django's reverse() of an argument-less URL name, remembered per URL configuration and
    script prefix: every page's header and home reverse the same dozen names, at about 0.1 ms
    each."""
    return _reverse(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | tuple[str, ...] | None = None  # a tuple: any of them

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS = [
    NavItem("Home", "core:home"),
    NavItem("Anagrafe", "registry:search", "registry.view_person"),
    NavItem("Accessi", "access:home", "access.view_contact"),
    NavItem("Cartelle", "cases:my_work", "cases.view_case"),
    NavItem("Domande", "measures:applications", "measures.view_application"),
    NavItem("Emergenze", "emergency:home", "emergency.view_emergency"),
    NavItem("Programmazione", "planning:home", "planning.view_plan"),
    NavItem("Terzo settore", "network:home", "network.view_candidature"),
    NavItem("Servizi di area", "network:area_services", "network.view_areaservice"),
    NavItem("Titoli sociali", "providers:home", "providers.view_voucherscheme"),
    NavItem("Liste RSA", "rsa:home", ("rsa.view_zone_rsa", "rsa.record_admission")),
    # Items of one label in order of preference: a user sees the first they may open.
    NavItem("Affido", "fostering:families", "fostering.view_zone_fostering"),
    NavItem("Tutela minori", "protection:orders", "protection.view_zone_orders"),
    NavItem("Assistenti familiari", "assistants:workers", "assistants.manage_register"),
    NavItem("Assistenti familiari", "assistants:search", "assistants.search_register"),
    NavItem(
        "Servizi distrettuali",
        "district:lines",
        ("district.view_district_figures", "district.record_district_hours"),
    ),
    NavItem("Monitoraggio", "monitoring:dashboard", "monitoring.view_zone_reports"),
    NavItem("Carta dei servizi", "catalog:list", "catalog.view_service"),
    NavItem("Osservatorio", "observatory:report", "access.view_observatory"),
    NavItem("Territorio", "territory:zone", "territory.view_zone"),
    NavItem("Registri di accesso", "core:audit", "core.view_accesslog"),
]


def _may_open(user, permission: str | tuple[str, ...] | None, staff_only: bool = False) -> bool:
    if staff_only:
        return bool(user.is_active and user.is_staff)
    if permission is None:
        return True
    if isinstance(permission, tuple):
        return any(allowed(user, one) for one in permission)
    return allowed(user, permission)


def navigation_for(user) -> list[NavItem]:
    shown, labels = [], set()
    for item in ITEMS:
        if item.label not in labels and _may_open(user, item.permission):
            shown.append(item)
            labels.add(item.label)
    return shown


@dataclass(frozen=True)
class HomeLink:
    label: str
    url_name: str
    description: str
    permission: str | tuple[str, ...] | None = None  # a tuple: any of them
    staff_only: bool = False  # the configuration (Django admin), for staff accounts

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomeSection:
    title: str
    links: list[HomeLink]


SECTIONS = [
    HomeSection(
        "Persone e nuclei",
        [
            HomeLink(
                "Cerca una persona",
                "registry:search",
                "Per codice fiscale, cognome e nome, data di nascita.",
                "registry.view_person",
            ),
            HomeLink(
                "Registra una persona",
                "registry:person_create",
                "Nuova scheda anagrafica con controllo del codice fiscale e dei doppioni.",
                "registry.add_person",
            ),
        ],
    ),
    HomeSection(
        "Accessi",
        [
            HomeLink(
                "Registra un accesso",
                "access:contact_create",
                "Scheda rapida di sportello: persona o anonimo, bisogno, risposta, invio.",
                "access.add_contact",
            ),
            HomeLink(
                "Accessi di oggi e richieste da richiamare",
                "access:home",
                "L'elenco del punto di accesso e la coda delle richieste dal web.",
                "access.view_contact",
            ),
        ],
    ),
    HomeSection(
        "Presa in carico",
        [
            HomeLink(
                "Il mio lavoro",
                "cases:my_work",
                "Le cartelle che segui, le attività in scadenza, le nuove assegnazioni.",
                "cases.view_case",
            ),
            HomeLink(
                "Équipe multidisciplinari",
                "cases:eemm_list",
                "Componenti e incontri delle EEMM: presenti, verbale, decisioni.",
                "cases.view_case",
            ),
            HomeLink(
                "Domande delle misure nazionali",
                "measures:applications",
                "Domande per comune e stato, verifiche delle decadute, sospese e respinte.",
                "measures.view_application",
            ),
            HomeLink(
                "Importa un elenco INPS",
                "measures:import",
                "CSV o Excel: anteprima con gli errori riga per riga, poi importazione.",
                "measures.import_applications",
            ),
            HomeLink(
                "Assegnazione delle cartelle",
                "cases:assignment",
                "Le nuove cartelle dei tuoi comuni e il carico di ciascun case manager.",
                "cases.assign_case",
            ),
        ],
    ),
    HomeSection(
        "Servizi",
        [
            HomeLink(
                "Carta dei servizi",
                "catalog:list",
                "Servizi dell'ambito: requisiti, costi, dove e come richiederli.",
                "catalog.view_service",
            ),
            HomeLink(
                "Orientamento",
                "catalog:orientation",
                "Quali servizi spettano a una persona, con il perché.",
                "catalog.view_service",
            ),
        ],
    ),
    HomeSection(
        "Territorio",
        [
            HomeLink(
                "L'ambito",
                "territory:zone",
                "Comuni, popolazione, soci e quote, enti.",
                "territory.view_zone",
            ),
            HomeLink(
                "Punti di accesso",
                "territory:access_points",
                "URP, segretariato sociale, PUA: indirizzi e orari.",
                "territory.view_accesspoint",
            ),
            HomeLink(
                "Operatori",
                "territory:staff",
                "Assistenti sociali e altri operatori per comune e funzione.",
                "territory.view_staff",
            ),
        ],
    ),
    HomeSection(
        "Pronto intervento sociale",
        [
            HomeLink(
                "Nuova segnalazione",
                "emergency:report_create",
                "Scheda rapida, anche da telefono: chi segnala, dove, persone, criteri.",
                "emergency.add_emergency",
            ),
            HomeLink(
                "Reperibilità e posti liberi",
                "emergency:home",
                "Chi è in turno ora, posti liberi in pronta accoglienza, passaggi da prendere.",
                "emergency.view_emergency",
            ),
            HomeLink(
                "Report del pronto intervento",
                "emergency:report",
                "Segnalazioni per criterio, comune, ora ed esito; tempi di risposta; Excel.",
                "emergency.view_emergency_reports",
            ),
        ],
    ),
    HomeSection(
        "Monitoraggio",
        [
            HomeLink(
                "Cruscotto LEP e report",
                "monitoring:dashboard",
                "Indicatori LEP e del percorso alla data, per comune; tabelle dell'ambito.",
                "monitoring.view_zone_reports",
            ),
            HomeLink(
                "Indicatori dei miei comuni",
                "monitoring:dashboard",
                "Gli indicatori e i report dei comuni in cui lavori.",
                "monitoring.view_municipality_reports",
            ),
        ],
    ),
    HomeSection(
        "Programmazione e fondi",
        [
            HomeLink(
                "Piani e cronoprogrammi",
                "planning:home",
                "Piani di zona, programmi, patti: obiettivi, azioni, trimestri, ritardi.",
                "planning.view_plan",
            ),
            HomeLink(
                "Fondi e portafoglio",
                "planning:funds",
                "Assegnazioni, residui, impegni e pagamenti, portafoglio per area e fondo.",
                "planning.view_allocation",
            ),
            HomeLink(
                "Assemblea",
                "planning:meetings",
                "Sedute, presenze e quorum, deliberazioni con voti pesati, verbale PDF.",
                "planning.view_meeting",
            ),
        ],
    ),
    HomeSection(
        "Erogatori e titoli sociali",
        [
            HomeLink(
                "Titoli sociali",
                "providers:vouchers",
                "Buoni e voucher emessi dalle cartelle, scelta dell'erogatore, lista d'attesa.",
                "providers.view_voucher",
            ),
            HomeLink(
                "Misure e budget",
                "providers:schemes",
                "Le misure di titoli sociali: requisiti, fondo, budget impegnato e residuo.",
                "providers.view_voucherscheme",
            ),
            HomeLink(
                "Prestazioni e pagamenti",
                "providers:deliveries",
                "Le ore registrate dagli erogatori da validare, i pagamenti.",
                "providers.view_zone_providers",
            ),
            HomeLink(
                "Il portale dell'erogatore",
                "providers:portal",
                "I titoli spesi presso il proprio ente, le ore da registrare, i pagamenti.",
                "providers.add_delivery",
            ),
            HomeLink(
                "Erogatori e accreditamento",
                "providers:accreditation_schemes",
                "Enti erogatori, sistemi di accreditamento, domande, scadenze.",
                "providers.view_accreditationscheme",
            ),
            HomeLink(
                "Rapporto dei titoli sociali",
                "providers:report",
                "Titoli per misura, stato e comune; budget; erogatori; pagamenti. XLSX, CSV, PDF.",
                "providers.view_zone_providers",
            ),
        ],
    ),
    HomeSection(
        "Registri e servizi distrettuali",
        [
            HomeLink(
                "Liste d'attesa RSA",
                "rsa:home",
                "Strutture e posti, graduatorie spiegate e al giorno, offerte, ingressi, quota "
                "comunale della retta.",
                "rsa.view_structure",
            ),
            HomeLink(
                "Rapporti delle liste RSA",
                "rsa:reports",
                "Lunghezza delle liste e tempi di attesa per struttura, ingressi. XLSX, CSV, PDF.",
                "rsa.view_zone_rsa",
            ),
            HomeLink(
                "Albo delle famiglie affidatarie",
                "fostering:families",
                "Percorso delle famiglie, disponibilità per tipo di affido, sospensioni, gruppi.",
                "fostering.view_zone_fostering",
            ),
            HomeLink(
                "Affidi",
                "fostering:placements",
                "Gli affidi dei minori, di ogni tipo, con gli incontri con la famiglia d'origine.",
                "fostering.view_placement",
            ),
            HomeLink(
                "Dati sull'affido",
                "fostering:report",
                "Famiglie disponibili per tipo, minori in affido, durate. XLSX, CSV, PDF.",
                "fostering.view_fostering_reports",
            ),
            HomeLink(
                "Provvedimenti dell'Autorità giudiziaria",
                "protection:orders",
                "Decreti del Tribunale per i minorenni e richieste della Procura, scadenze, "
                "relazioni sociali.",
                "protection.view_courtorder",
            ),
            HomeLink(
                "Scadenze verso il Tribunale",
                "protection:figures",
                "Relazioni consegnate nei termini, in ritardo, scadute. XLSX, CSV, PDF.",
                "protection.view_protection_figures",
            ),
            HomeLink(
                "Registro degli assistenti familiari",
                "assistants:workers",
                "Iscrizioni, formazione, verifiche, consenso alla pubblicazione.",
                "assistants.manage_register",
            ),
            HomeLink(
                "Cerca un'assistente familiare",
                "assistants:search",
                "Per comune, lingua, tipo e orari: solo chi ha dato il consenso.",
                "assistants.search_register",
            ),
            HomeLink(
                "Servizi distrettuali",
                "district:lines",
                "Assistenza domiciliare minori, inserimento lavorativo, housing sociale: liste di "
                "accesso, ore, costi.",
                "district.view_districtline",
            ),
            HomeLink(
                "Rapporto dei servizi distrettuali",
                "district:report",
                "Prese in carico, attese, ore e costi per mese e fondo. XLSX, CSV, PDF.",
                "district.view_district_figures",
            ),
        ],
    ),
    HomeSection(
        "Rete del Terzo settore",
        [
            HomeLink(
                "Patto territoriale e linee",
                "network:home",
                "Il patto, le sue linee di intervento, gli enti aderenti a una data.",
                "network.view_candidature",
            ),
            HomeLink(
                "Candidature",
                "network:candidatures",
                "Candidature alle linee con le risorse messe a disposizione; istruttoria.",
                "network.view_candidature",
            ),
            HomeLink(
                "Impegni documentati",
                "network:commitments",
                "Ore e risorse dedicate ogni mese, formazione, risultati restituiti.",
                "network.view_commitmentrecord",
            ),
            HomeLink(
                "Gruppi di lavoro",
                "network:groups",
                "Tavoli e gruppi di progetto: componenti, incontri, programmi operativi.",
                "network.view_workinggroup",
            ),
            HomeLink(
                "Convenzioni",
                "network:agreements",
                "Convenzioni con associazioni e cooperative, rinnovi e scadenze.",
                "network.view_agreement",
            ),
            HomeLink(
                "Questionari alla rete",
                "network:questionnaires",
                "Rilevazioni dei bisogni inviate agli enti aderenti e i loro risultati.",
                "network.view_questionnaire",
            ),
            HomeLink(
                "Report della rete",
                "network:report",
                "Aderenti, candidature per stato, risorse dichiarate e documentate; Excel, PDF.",
                "network.view_candidature",
            ),
        ],
    ),
    HomeSection(
        "Servizi di area",
        [
            HomeLink(
                "Servizi di area",
                "network:area_services",
                "Centro affidi, centro antiviolenza, tutela minori: operatori e coordinamento.",
                "network.view_areaservice",
            ),
            HomeLink(
                "Documenti condivisi",
                "network:documents",
                "Protocolli, procedure e opportunità formative, con le conferme di lettura.",
                "network.view_shareddocument",
            ),
            HomeLink(
                "Panoramica del coordinamento",
                "network:area_overview",
                "Cartelle aperte e carichi di lavoro degli operatori dei servizi di area.",
                "network.coordinate_area_services",
            ),
        ],
    ),
    HomeSection(
        "Osservatorio",
        [
            HomeLink(
                "Osservatorio dei bisogni",
                "observatory:report",
                "Accessi per area di bisogno, comune e periodo; andamento, invii; Excel e CSV.",
                "access.view_observatory",
            ),
        ],
    ),
    HomeSection(
        "Controllo",
        [
            HomeLink(
                "Registri di accesso e modifiche",
                "core:audit",
                "Chi ha consultato o modificato dati personali, e quando.",
                "core.view_accesslog",
            ),
        ],
    ),
    HomeSection(
        "Configurazione",
        [
            HomeLink(
                "Amministrazione",
                "admin:index",
                "Ambiti, comuni, enti, ruoli e tabelle di configurazione.",
                staff_only=True,
            ),
        ],
    ),
    HomeSection(
        "Il mio account",
        [
            HomeLink("Cambia password", "core:password_change", "Aggiorna la tua password."),
            HomeLink(
                "Verifica in due passaggi",
                "core:two_factor_setup",
                "Attiva un'app di autenticazione (TOTP).",
            ),
            HomeLink("Token API", "core:api_tokens", "Token personali per l'API /api/v1/."),
        ],
    ),
]


def home_sections_for(user) -> list[HomeSection]:
    sections = []
    for section in SECTIONS:
        links = [
            link for link in section.links if _may_open(user, link.permission, link.staff_only)
        ]
        if links:
            sections.append(HomeSection(section.title, links))
    return sections
