"""The demo zones' service charter: services drawn from seed 002 (its actions, intervention
codes and Tabella 8), with eligibility, costs and documents invented where the seed gives none.

`build_charter(zone=..., rng=...)` needs the zone's organisations and access points already
built (demo/territory.py); it creates the published services and two drafts and returns how
many services it made. Rows are written directly (the demo is a bulk load); one EventLog row
records the load."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from ambito.catalog.choices import ServiceStatus
from ambito.catalog.models import InterventionType, NeedArea, Service
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.territory.models import AccessPoint, Organisation, Zone

from .data import SEED_002, SYNTHETIC

SEED_002_ACTIONS = "seed 002, §4.1 e azioni del piano (codici di intervento)"
SEED_002_T8 = "seed 002, Tabella 8 (interventi di inclusione)"

STANDARD_DOCUMENTS = "Documento di identità in corso di validità\nCodice fiscale"
ISEE_DOCUMENT = "Attestazione ISEE in corso di validità"


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    short: str
    description: str
    target: str
    need_areas: tuple[str, ...]
    code: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    isee_max: str | None = None
    cost: str = ""  # "" = free
    other: str = ""
    how: str = (
        "Rivolgersi al segretariato sociale o all'URP del proprio comune negli orari di "
        "apertura, oppure chiedere un appuntamento."
    )
    documents: str = STANDARD_DOCUMENTS
    provider_kinds: tuple[str, ...] = ("consortium", "municipality")
    access_kinds: tuple[str, ...] = ("segretariato", "urp")
    legal: str = "Legge 328/2000"
    residence: bool = True
    status: str = ServiceStatus.PUBLISHED
    SOURCE: str = SEED_002_ACTIONS


SERVICES: list[ServiceSpec] = [
    ServiceSpec(
        "Segretariato sociale",
        "Informazione, ascolto e orientamento sui servizi sociali e sociosanitari.",
        "Il segretariato sociale accoglie chiunque abbia bisogno di informazioni sui servizi, "
        "aiuta a capire quali prestazioni spettano e come chiederle e, se serve, fissa un "
        "colloquio con l'assistente sociale.",
        "Tutti i cittadini",
        ("other", "poverty", "family_minors", "elderly"),
        documents="",
        residence=False,
        legal="Legge 328/2000, art. 22; D.Lgs. 147/2017, art. 7",
        SOURCE=SEED_002,
    ),
    ServiceSpec(
        "Punto unico di accesso (PUA)",
        "Accesso unico ai servizi sociosanitari per persone non autosufficienti e fragili.",
        "Il PUA raccoglie la domanda di assistenza sociosanitaria, la valuta con l'equipe "
        "multiprofessionale (UVM) e avvia il progetto di assistenza personalizzato.",
        "Persone non autosufficienti o con disabilità e le loro famiglie",
        ("elderly", "disability"),
        documents=STANDARD_DOCUMENTS + "\nDocumentazione sanitaria recente",
        provider_kinds=("asl", "consortium"),
        access_kinds=("pua_central", "pua_desk", "segretariato"),
        legal="D.Lgs. 147/2017; Piano nazionale non autosufficienza",
        SOURCE=SEED_002,
    ),
    ServiceSpec(
        "Sostegno socio-educativo domiciliare",
        "Un educatore a casa per sostenere bambini, ragazzi e genitori nei compiti educativi.",
        "Interventi educativi a domicilio, concordati nel progetto personalizzato, per "
        "rafforzare le competenze dei genitori e accompagnare i minori nella scuola e nel "
        "tempo libero.",
        "Famiglie con figli minori seguite dal servizio sociale",
        ("family_minors",),
        code="A.1.c.2",
        max_age=17,
        other="Attivato dall'assistente sociale nel progetto personalizzato.",
        provider_kinds=("third_sector", "consortium"),
    ),
    ServiceSpec(
        "Sostegno alla genitorialità e mediazione familiare",
        "Colloqui e percorsi per genitori, anche separati, per gestire i conflitti.",
        "Percorsi individuali e di gruppo per i genitori; mediazione familiare per le coppie "
        "in separazione, per concordare le scelte che riguardano i figli.",
        "Genitori e coppie con figli minori",
        ("family_minors",),
        code="A.1.c.3",
        min_age=18,
        provider_kinds=("third_sector", "consortium"),
    ),
    ServiceSpec(
        "Corsi di alfabetizzazione per famiglie immigrate",
        "Corsi gratuiti di lingua italiana per adulti stranieri e per le loro famiglie.",
        "Corsi di italiano di base e intermedi, con baby sitting per chi ha figli piccoli, "
        "in collaborazione con i centri per l'istruzione degli adulti.",
        "Cittadini stranieri adulti",
        ("immigration",),
        code="A.1.c.4",
        min_age=16,
        documents="Documento di identità o permesso di soggiorno",
        provider_kinds=("third_sector", "consortium"),
    ),
    ServiceSpec(
        "Assistenza domiciliare",
        "Aiuto a casa per la cura della persona e dell'abitazione.",
        "Operatori socio-sanitari aiutano nell'igiene personale, nella preparazione dei pasti "
        "e nelle piccole commissioni, per restare a casa propria il più a lungo possibile.",
        "Anziani e persone con disabilità con autonomia ridotta",
        ("elderly", "disability"),
        code="A.1.c.5",
        isee_max="25000.00",
        cost="Compartecipazione in base all'ISEE, da 0 a 12 € l'ora; gratuito sotto 8.000 €.",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT + "\nCertificato del medico curante",
        provider_kinds=("third_sector", "consortium"),
        access_kinds=("pua_central", "segretariato"),
    ),
    ServiceSpec(
        "Pronto intervento sociale (SEUS)",
        "Risposta nelle emergenze sociali, tutti i giorni a ogni ora.",
        "Il servizio di emergenza urgenza sociale interviene quando una persona si trova in "
        "grave difficoltà improvvisa: senza casa, vittima di violenza, minore solo. Si attiva "
        "tramite forze dell'ordine, pronto soccorso o numero dedicato.",
        "Chiunque si trovi nel territorio in situazione di emergenza",
        ("poverty", "violence", "housing"),
        code="A.1.c.5",
        residence=False,
        documents="",
        how="Attivazione tramite il numero del servizio, le forze dell'ordine o il pronto "
        "soccorso.",
        legal="D.Lgs. 147/2017; Piano nazionale povertà 2021-2023 (LEPS pronto intervento)",
    ),
    ServiceSpec(
        "Servizi di prossimità",
        "Compagnia, piccole commissioni e accompagnamenti per chi vive solo.",
        "Volontari e operatori delle associazioni accompagnano alle visite, fanno la spesa, "
        "telefonano regolarmente alle persone sole.",
        "Anziani soli e persone fragili",
        ("elderly",),
        code="A.1.c.5",
        min_age=65,
        provider_kinds=("third_sector",),
        SOURCE=SEED_002_ACTIONS,
    ),
    ServiceSpec(
        "Tirocini di inclusione sociale",
        "Un tirocinio con borsa mensile per riprendere un'attività e imparare un mestiere.",
        "Tirocini di 6-12 mesi presso aziende, cooperative ed enti pubblici, con tutor e "
        "indennità mensile, per le persone seguite dai servizi sociali.",
        "Adulti in carico ai servizi sociali o beneficiari di misure di contrasto alla povertà",
        ("work", "poverty"),
        code="B.2.b",
        min_age=18,
        max_age=65,
        isee_max="9360.00",
        other="Inserimento nel progetto personalizzato (patto di inclusione).",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        provider_kinds=("consortium", "cpi"),
        legal="Linee guida tirocini di inclusione, Accordo Stato-Regioni 22/01/2015",
    ),
    ServiceSpec(
        "Mediazione interculturale",
        "Mediatori linguistici e culturali negli sportelli, nelle scuole e nei servizi.",
        "I mediatori aiutano operatori e cittadini stranieri a capirsi: colloqui, traduzione "
        "di documenti, accompagnamento ai servizi.",
        "Cittadini stranieri e servizi del territorio",
        ("immigration",),
        code="T8.MED",
        residence=False,
        documents="",
        provider_kinds=("third_sector",),
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Laboratori di orientamento al lavoro",
        "Incontri di gruppo per scrivere il curriculum e prepararsi ai colloqui.",
        "Laboratori di 8 incontri sul bilancio delle competenze, la ricerca attiva del lavoro "
        "e i servizi per l'impiego, in collaborazione con il Centro per l'Impiego.",
        "Persone disoccupate o inoccupate",
        ("work",),
        code="T8.ORI",
        min_age=18,
        provider_kinds=("cpi", "third_sector", "consortium"),
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Laboratori di alfabetizzazione informatica",
        "Corsi base di computer, internet, SPID e servizi pubblici online.",
        "Corsi in piccoli gruppi per usare computer e smartphone, creare l'identità digitale "
        "(SPID) e presentare domande online.",
        "Adulti con poca familiarità con il digitale",
        ("work", "other"),
        code="T8.INF",
        min_age=18,
        provider_kinds=("third_sector", "consortium"),
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Voucher per gli asili nido",
        "Un contributo per la retta del nido, pubblico o privato accreditato.",
        "Il voucher copre parte della retta mensile del nido per i bambini da 3 a 36 mesi. "
        "Le domande si presentano con il bando annuale.",
        "Famiglie con bambini da 3 a 36 mesi",
        ("family_minors",),
        code="T8.NID",
        max_age=2,
        isee_max="30000.00",
        other="Iscrizione a un nido autorizzato o accreditato.",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT + "\nRicevuta di iscrizione al nido",
        how="Domanda online o allo sportello URP entro la scadenza del bando annuale.",
        access_kinds=("urp",),
        SOURCE=SEED_002_ACTIONS,
    ),
    ServiceSpec(
        "Supporto alle domande di Assegno di inclusione all'URP",
        "Aiuto a presentare la domanda di Assegno di inclusione e a firmare il patto.",
        "Gli operatori dell'URP e del segretariato aiutano a compilare la domanda, controllano "
        "i documenti e fissano il primo colloquio con il servizio sociale.",
        "Nuclei in condizione di povertà",
        ("poverty",),
        isee_max="9360.00",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        access_kinds=("urp", "segretariato"),
        legal="D.L. 48/2023 (Assegno di inclusione); già REI, D.Lgs. 147/2017",
        SOURCE=SEED_002,
    ),
    ServiceSpec(
        "Cantieri sociali",
        "Attività di pubblica utilità con un piccolo rimborso per chi è senza lavoro.",
        "Progetti di cura del verde, dei beni comuni e di supporto alle associazioni, con "
        "rimborso spese, come passo verso il lavoro.",
        "Adulti disoccupati in carico ai servizi sociali",
        ("work", "poverty"),
        code="T8.CAN",
        min_age=18,
        max_age=67,
        isee_max="12000.00",
        provider_kinds=("municipality", "third_sector"),
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Contributi per l'affitto",
        "Contributo economico per il pagamento del canone di locazione.",
        "Il contributo integra il pagamento dell'affitto delle famiglie con reddito basso, "
        "secondo il bando comunale.",
        "Famiglie in affitto con reddito basso",
        ("housing", "poverty"),
        isee_max="16500.00",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT + "\nContratto di locazione registrato",
        access_kinds=("urp",),
        provider_kinds=("municipality",),
        legal="Legge 431/1998, art. 11",
        SOURCE=SYNTHETIC,
    ),
    ServiceSpec(
        "Mediazione familiare",
        "Incontri con un mediatore per i genitori che si separano.",
        "Un mediatore familiare qualificato aiuta i genitori in separazione o divorzio a "
        "trovare accordi condivisi su figli, tempi e spese, fuori dal tribunale. Da sei a "
        "dieci incontri, riservati.",
        "Coppie con figli in fase di separazione o già separate",
        ("family_minors",),
        min_age=18,
        cost="Primo colloquio gratuito; poi contributo secondo l'ISEE (da 0 a 30 € a incontro)",
        documents="",
        provider_kinds=("third_sector", "consortium"),
        legal="Legge 328/2000; L.R. Toscana 41/2005",
    ),
    ServiceSpec(
        "Centro diurno per anziani",
        "Attività, pasto e socialità di giorno per anziani con autonomia ridotta.",
        "Il centro diurno accoglie gli anziani dal lunedì al venerdì, dalle 8 alle 17: "
        "animazione, ginnastica dolce, pranzo, assistenza nell'igiene e trasporto da casa. "
        "Aiuta le famiglie che li assistono.",
        "Anziani parzialmente non autosufficienti",
        ("elderly",),
        min_age=65,
        isee_max="30000.00",
        cost="Quota giornaliera da 8 a 25 € secondo l'ISEE",
        other="Valutazione dell'Unità di valutazione multidimensionale (UVM).",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        provider_kinds=("provider", "third_sector", "consortium"),
        access_kinds=("pua_central", "pua_desk", "segretariato"),
        legal="L.R. Toscana 66/2008 (fondo per la non autosufficienza)",
    ),
    ServiceSpec(
        "Trasporto sociale",
        "Accompagnamento in auto a visite, terapie e centri diurni.",
        "Volontari e operatori accompagnano chi non può muoversi da solo a visite mediche, "
        "terapie, centri diurni e uffici. Si prenota almeno tre giorni prima.",
        "Anziani e persone con disabilità senza una rete familiare che li accompagni",
        ("elderly", "disability"),
        cost="Contributo di 2 € a tratta; gratuito con ISEE sotto 8.000 €",
        provider_kinds=("third_sector", "municipality"),
        legal="Legge 328/2000",
    ),
    ServiceSpec(
        "Pasti a domicilio",
        "Un pasto caldo consegnato a casa ogni giorno.",
        "Consegna a domicilio del pranzo, dal lunedì al sabato, anche con diete speciali "
        "prescritte dal medico. Il personale che consegna segnala al servizio sociale "
        "eventuali difficoltà.",
        "Anziani soli e persone con disabilità che non riescono a cucinare",
        ("elderly", "disability", "poverty"),
        isee_max="20000.00",
        cost="Da 2 a 6 € a pasto secondo l'ISEE",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        provider_kinds=("provider", "municipality"),
        legal="Legge 328/2000",
    ),
    ServiceSpec(
        "Telesoccorso e teleassistenza",
        "Un dispositivo per chiedere aiuto 24 ore su 24 premendo un pulsante.",
        "Un apparecchio collegato alla centrale operativa permette di chiedere aiuto in ogni "
        "momento; la centrale avvisa i familiari o il 118 e telefona periodicamente per un "
        "saluto.",
        "Persone anziane o fragili che vivono sole",
        ("elderly",),
        min_age=65,
        isee_max="25000.00",
        cost="Gratuito con ISEE fino a 12.000 €; poi 10 € al mese",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        provider_kinds=("provider", "consortium"),
        legal="Legge 328/2000",
    ),
    ServiceSpec(
        "Centro antiviolenza",
        "Ascolto, protezione e accompagnamento per donne che subiscono violenza.",
        "Il centro antiviolenza offre ascolto telefonico e colloqui riservati, consulenza "
        "legale e psicologica, accompagnamento ai servizi e, se serve, ospitalità in una casa "
        "rifugio con i figli. Non serve alcun documento per il primo contatto.",
        "Donne, anche con figli, che subiscono violenza fisica, psicologica o economica",
        ("violence",),
        min_age=16,
        documents="",
        residence=False,
        how="Chiamare il centro antiviolenza o il numero nazionale 1522, gratuito e attivo "
        "24 ore su 24; il segretariato sociale può fissare un primo colloquio riservato.",
        provider_kinds=("third_sector",),
        legal="Legge 119/2013; Convenzione di Istanbul (Legge 77/2013); L.R. Toscana 59/2007",
    ),
    ServiceSpec(
        "Affidamento familiare",
        "Una famiglia che accoglie un bambino per un periodo, quando la sua non può.",
        "Il centro affidi forma e sostiene le famiglie e le persone singole disponibili ad "
        "accogliere minori temporaneamente in difficoltà; accompagna il bambino, la famiglia "
        "affidataria e quella d'origine. Alla famiglia affidataria spetta un contributo mensile.",
        "Famiglie disponibili all'affido; minori seguiti dal servizio sociale",
        ("family_minors",),
        documents="",
        residence=False,
        provider_kinds=("consortium", "municipality"),
        legal="Legge 184/1983 e Legge 173/2015",
    ),
    ServiceSpec(
        "Centro diurno per persone con disabilità",
        "Attività educative e laboratori di giorno per giovani e adulti con disabilità.",
        "Laboratori espressivi e occupazionali, attività motorie e di autonomia personale, "
        "pranzo e trasporto, secondo il progetto di vita concordato con la persona e la "
        "famiglia.",
        "Persone con disabilità dopo l'obbligo scolastico",
        ("disability",),
        min_age=16,
        max_age=64,
        cost="Compartecipazione al costo del pasto secondo l'ISEE",
        other="Certificazione ai sensi della Legge 104/1992 e valutazione dell'UVMD.",
        documents=STANDARD_DOCUMENTS + "\nVerbale di accertamento della disabilità (L. 104/1992)",
        provider_kinds=("provider", "third_sector", "asl"),
        access_kinds=("pua_central", "pua_desk", "segretariato"),
        legal="Legge 104/1992; Legge 112/2016 (Dopo di noi)",
    ),
    ServiceSpec(
        "Assistenza educativa scolastica per alunni con disabilità",
        "Un educatore a scuola per l'autonomia e la comunicazione dell'alunno.",
        "Operatori educativi affiancano gli alunni con disabilità nelle scuole dell'infanzia, "
        "primarie e secondarie di primo grado, in accordo con gli insegnanti e il piano "
        "educativo individualizzato (PEI).",
        "Alunni con disabilità certificata e le loro famiglie",
        ("disability", "family_minors"),
        min_age=3,
        max_age=14,
        other="Richiesta della scuola sulla base del PEI.",
        documents="Verbale di accertamento della disabilità (L. 104/1992)\nPiano educativo "
        "individualizzato",
        provider_kinds=("municipality", "third_sector"),
        legal="Legge 104/1992, art. 13; D.Lgs. 66/2017",
    ),
    ServiceSpec(
        "Inserimento lavorativo per persone con disabilità e svantaggio (SIL)",
        "Percorsi di orientamento e inserimento al lavoro con un tutor.",
        "Il servizio di inserimento lavorativo costruisce con la persona un percorso di "
        "orientamento, tirocinio e collocamento mirato, in accordo con il Centro per "
        "l'impiego e le imprese del territorio, e segue la persona sul posto di lavoro.",
        "Persone con disabilità iscritte al collocamento mirato e persone svantaggiate",
        ("disability", "work", "mental_health"),
        min_age=18,
        max_age=64,
        other="Iscrizione al collocamento mirato (Legge 68/1999) o presa in carico dei servizi "
        "sociosanitari.",
        provider_kinds=("consortium", "asl", "cpi"),
        legal="Legge 68/1999; Legge 381/1991",
    ),
    ServiceSpec(
        "Inclusione socio-lavorativa in salute mentale",
        "Progetti di socialità, formazione e lavoro con il servizio di salute mentale.",
        "Con l'Unità funzionale salute mentale adulti (UFSMA) e le cooperative sociali, "
        "percorsi di gruppo, laboratori, borse lavoro e abitare supportato per persone in "
        "cura, concordati nel progetto terapeutico riabilitativo.",
        "Persone in carico ai servizi di salute mentale",
        ("mental_health", "work"),
        min_age=18,
        other="Presa in carico dell'UFSMA.",
        documents="",
        provider_kinds=("asl", "third_sector"),
        access_kinds=("pua_central", "pua_desk", "segretariato"),
        legal="Legge 180/1978; L.R. Toscana 41/2005",
    ),
    ServiceSpec(
        "Sportello informativo sulle dipendenze",
        "Ascolto e orientamento, anche anonimo, per chi ha problemi di dipendenza e i familiari.",
        "Colloqui riservati e gratuiti su alcol, droghe, gioco d'azzardo e tecnologie; "
        "orientamento al Servizio per le dipendenze (SerD) e ai gruppi di auto mutuo aiuto.",
        "Persone con problemi di dipendenza e loro familiari",
        ("addiction",),
        documents="",
        residence=False,
        how="Telefonare o presentarsi allo sportello, anche in forma anonima.",
        provider_kinds=("asl", "third_sector"),
        legal="D.P.R. 309/1990; Legge 328/2000",
    ),
    ServiceSpec(
        "Emporio solidale e aiuti alimentari",
        "Spesa gratuita a punti per le famiglie in difficoltà economica.",
        "L'emporio solidale distribuisce generi alimentari e di prima necessità con una "
        "tessera a punti, rinnovabile ogni tre mesi, insieme alle associazioni della rete "
        "contro la povertà; i beni vengono anche dal programma europeo per gli indigenti.",
        "Famiglie e persone in condizione di povertà",
        ("poverty",),
        isee_max="9360.00",
        other="Tessera rilasciata dal servizio sociale o dal centro d'ascolto della rete.",
        documents=STANDARD_DOCUMENTS + "\n" + ISEE_DOCUMENT,
        provider_kinds=("third_sector",),
        legal="Programma operativo FEAD (Reg. UE 223/2014); Legge 166/2016",
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Accoglienza notturna e housing first",
        "Un posto letto per la notte e, per chi vive in strada da tempo, una casa.",
        "La struttura di accoglienza notturna offre letto, doccia e colazione; il progetto "
        "housing first inserisce direttamente in un appartamento, con l'accompagnamento di "
        "un'equipe, le persone senza dimora croniche.",
        "Persone senza dimora",
        ("housing", "poverty"),
        min_age=18,
        documents="",
        residence=False,
        how="Rivolgersi al segretariato sociale o, la sera e nei festivi, al pronto intervento "
        "sociale.",
        provider_kinds=("third_sector", "consortium"),
        legal="Linee di indirizzo per il contrasto alla grave emarginazione adulta (2015)",
    ),
    ServiceSpec(
        "Sportello immigrazione",
        "Informazioni e aiuto per permessi di soggiorno, cittadinanza e ricongiungimenti.",
        "Lo sportello aiuta a compilare le domande di rilascio e rinnovo del permesso di "
        "soggiorno, di ricongiungimento familiare e di cittadinanza, e orienta ai servizi "
        "del territorio, con mediatori linguistici su appuntamento.",
        "Cittadini stranieri e datori di lavoro",
        ("immigration",),
        documents="Passaporto o documento di identità\nPermesso di soggiorno, se presente",
        residence=False,
        provider_kinds=("third_sector", "municipality"),
        legal="D.Lgs. 286/1998 (Testo unico sull'immigrazione)",
    ),
    ServiceSpec(
        "Prevenzione delle dipendenze nelle scuole",
        "Incontri con studenti e genitori sulle dipendenze da sostanze e da gioco.",
        "Progetto in preparazione con il SerD e le scuole superiori.",
        "Studenti e genitori",
        ("addiction",),
        code="T8.DIP",
        provider_kinds=("asl", "third_sector"),
        status=ServiceStatus.DRAFT,
        SOURCE=SEED_002_T8,
    ),
    ServiceSpec(
        "Formazione dei beneficiari",
        "Corsi brevi di formazione professionale per i beneficiari delle misure.",
        "Catalogo in preparazione con le agenzie formative accreditate.",
        "Beneficiari di misure di inclusione",
        ("work",),
        code="T8.FOR",
        min_age=18,
        status=ServiceStatus.DRAFT,
        SOURCE=SEED_002_T8,
    ),
]


def _pick(rng: random.Random, items: list, kinds: tuple[str, ...]):
    for kind in kinds:
        matching = [item for item in items if item.kind == kind]
        if matching:
            return rng.choice(matching)
    return items[0] if items else None


def build_charter(*, zone: Zone, rng: random.Random) -> int:
    """The zone's charter: the published services of SERVICES and two drafts."""
    organisations = list(Organisation.objects.filter(zone=zone).order_by("name"))
    access_points = list(AccessPoint.objects.filter(zone=zone).order_by("name"))
    areas = {area.code: area for area in NeedArea.objects.all()}
    types = {t.code: t for t in InterventionType.objects.all()}
    now = timezone.now()
    municipality_phone = {
        o.municipality_id: o.phone for o in organisations if o.kind == "municipality"
    }
    created = 0
    for spec in SERVICES:
        provider = _pick(rng, organisations, spec.provider_kinds)
        points = [ap for ap in access_points if ap.kind in spec.access_kinds]
        if len(points) > 6:
            points = rng.sample(points, 6)
        published = spec.status == ServiceStatus.PUBLISHED
        service = Service(
            zone=zone,
            slug=slugify(spec.name)[:120],
            name=spec.name,
            short_description=spec.short,
            description=spec.description,
            target_groups=spec.target,
            intervention_type=types.get(spec.code) if spec.code else None,
            min_age=spec.min_age,
            max_age=spec.max_age,
            residence_required=spec.residence,
            isee_max=Decimal(spec.isee_max) if spec.isee_max else None,
            other_conditions=spec.other,
            cost=spec.cost or "Gratuito",
            is_free=not spec.cost,
            how_to_apply=spec.how,
            documents=spec.documents,
            provider=provider,
            phone=(provider.phone if provider else "")
            or municipality_phone.get(getattr(provider, "municipality_id", None), "")
            or f"0573 {rng.randint(100000, 999999)}",
            email=f"{slugify(spec.name)[:30]}@{zone.code}.demo.example.org",
            legal_reference=spec.legal,
            status=spec.status,
            published_at=now if published else None,
        )
        service.full_clean(exclude=["need_areas", "access_points", "municipalities"])
        service._change_reason = f"demo ({spec.SOURCE})"
        service.save()
        service.need_areas.set([areas[code] for code in spec.need_areas if code in areas])
        service.access_points.set(points)
        created += 1
    log_event(
        user=None,
        obj=zone,
        action=EventAction.CREATE,
        channel="cli",
        note="demo carta",
        zone_id=zone.pk,
    )
    return created
