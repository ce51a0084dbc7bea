"""Literal data transcribed from seed 002 (Società della Salute Pistoiese, 2019).

Source: ``/work/shared/seeds/002_3b035d6f31c7ccc8.txt`` — deliberation header of the
"Assemblea dei Soci" of 30-01-2019 (n. 2) followed by the attached "Documento programmatico di
zona per il contrasto alla povertà" (art. 13, comma 2, lett. d), D.Lgs 147/2017).

Where each constant comes from:

- ``MEETING_*``, ``ATTENDANCE``: the deliberation header ("L'anno 2019, il giorno 30 del mese di
  Gennaio alle ore 14:45 ...", the table ente/Rappresentante/quote/presente/assente and the
  table "Organismi/nominativo presidente").
- ``DELIBERATION``: header fields (Numero/Data del provvedimento, Contenuto), the vote
  ("Presenti e Votanti n. 8 / Con votazione unanime") and the "DELIBERA" points 1-4.
- ``OBJECTIVES``: §4 "Obiettivi Piano Regionale Povertà: Rafforzare il processo di presa in
  carico", "Obiettivo specifico 1-4" with "Azione a1 ... h 4"; the ``fund`` fields are taken from
  Tabelle 2, 3, 4 (a1, b1, a2, a3) and Tabella 8 "Fondo utilizzato" (a4 ... h4).
- ``SCHEDULES``: Tabella 7 (cronoprogramma of §4), Tabella 9 (cronoprogramma of "Rafforzare
  l'infrastruttura territoriale per garantire il REI come LEP") and Tabella 10 (cronoprogramma of
  §5 "Promuovere l'attivazione ed il rafforzamento delle reti").
- ``FUNDS``: §7.1 "Impiego Fondi", table Progetti / Fondi / Importo.
- ``POVERTY_FUND_ALLOCATION``, ``POVERTY_FUND_YEAR``: deliberation premises and the
  document's "Premessa".
- ``TABLE_10``: Tabella 10 as printed (a cronoprogramma, not a funds table).
- ``TABLE_11``: Tabella 11 "OBIETTIVI PROGETTUALI E CRONOPROGRAMMA" (per fund, by quarter).

The seed has no table of the plan's funds split by action beyond the "Importo previsto" of each
action; the action amounts add up exactly to ``POVERTY_FUND_ALLOCATION`` (see ``check``).
Not transcribed: Tabelle 1-6 and 8 (context/staffing/EEMM tables), "DOMANDE REI AL 30/11/2018",
§5.1 and the "Sintesi Obiettivi LEP" table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class ActionSeed:
    code: str
    title: str
    classification: str
    amount: str
    implementation_mode: str
    description: str
    staff: str
    fund: str


@dataclass(frozen=True)
class ObjectiveSeed:
    number: int
    title: str
    description: str
    actions: tuple[ActionSeed, ...]


@dataclass(frozen=True)
class ScheduleSeed:
    table: str
    quarters: tuple[str, ...]
    rows: tuple[tuple[str, tuple[bool, ...]], ...]


@dataclass(frozen=True)
class FundSeed:
    name: str
    amount: str
    note: str


@dataclass(frozen=True)
class AttendanceSeed:
    member: str
    represented_by: str
    present: bool
    share: str


@dataclass(frozen=True)
class DeliberationSeed:
    number: int
    date: str
    subject: str
    body: str
    immediately_executable: bool
    votes: str


# --- Meeting (deliberation header) ---------------------------------------------------------

MEETING_DATE = "2019-01-30"
MEETING_TIME = "14:45"
MEETING_PLACE = "Sala Consiliare del Comune di Pistoia in Piazza Duomo n. 1 a Pistoia"
MEETING_CONVENED_BY = "Presidente"  # seed: "su convocazione del Presidente"
MEETING_BODY = "Assemblea dei Soci"  # seed: "DELIBERAZIONE DELL'ASSEMBLEA DEI SOCI"

# Members as printed ("Comune Pistoia", without "di"). represented_by = "Rappresentante"
# column + role column. share = "quote" column as a decimal string in % (seed prints "0,81%").
# seed: "p. <Sindaco> <name>" reads as "per": the second person attended for the Sindaco.
# seed: the ten shares add up to 99,00%, not 100% (kept as printed).
ATTENDANCE: tuple[AttendanceSeed, ...] = (
    AttendanceSeed("Comune Abetone Cutigliano", "Diego Petrucci, Sindaco", False, "0.81"),
    AttendanceSeed("Comune Agliana", "Giacomo Mangoni, Sindaco", False, "6.75"),
    AttendanceSeed("Comune Marliana", "p. Marco Traversari Elena Giannini, Sindaco", True, "1.24"),
    AttendanceSeed("Comune Montale", "p. Ferdinando Betti Sandra Neri, Sindaco", True, "4.13"),
    AttendanceSeed("Comune Pistoia", "Anna Maria Ida Celesti, vice sindaco", True, "34.76"),
    AttendanceSeed("Comune Quarrata", "p. Marco Mazzanti Anna Lia Colzi, Sindaco", True, "10.08"),
    AttendanceSeed(
        "Comune Sambuca Pistoiese", "p. Fabio Micheletti Maurizio Vighi, Sindaco", True, "0.62"
    ),
    # seed: "Rimediotti Roberto" printed surname first.
    AttendanceSeed(
        "Comune San Marcello Piteglio", "p. Luca Marmo Rimediotti Roberto, Sindaco", True, "3.12"
    ),
    AttendanceSeed(
        "Comune Serravalle Pistoiese", "p. Piero Lunardi Ilaria Gargini, Sindaco", True, "4.49"
    ),
    AttendanceSeed("Azienda USL Toscana Centro", "Rossella Boldrini, Delegato", True, "33.00"),
    # Participation bodies (table "Organismi/nominativo presidente"): no share printed; the name
    # is the body's presidente.
    AttendanceSeed("Comitato di partecipazione", "Carla Valeria Contini", False, ""),
    AttendanceSeed("Consulta Terzo Settore", "Fabio Margheri", False, ""),
)

# seed: the header's "Oggetto" field is empty (a second header block prints "Oggetto: Piano
# finanziario progetto" with no number/date); the subject below is the "Contenuto" field.
DELIBERATION = DeliberationSeed(
    number=2,
    date="2019-01-30",
    subject=(
        "DOCUMENTO PROGRAMMATICO DI ZONA PER IL CONTRASTO ALLA POVERTÀ AI SENSI DELL'ART. 13, "
        "COMMA 2, LETTERA D.), D.LGS 147 DEL 2017. APPROVAZIONE"
    ),
    body=(
        "1. di approvare, ai sensi dell'Art. 13, Comma 2, Let. d), D.Lgs 147 del 2017 il "
        "Documento programmatico di zona, allegato al presente provvedimento, quale parte "
        "integrante e sostanziale. 2. di rimandare ad atti dirigenziali le procedure "
        "amministrative per l'attuazione degli obiettivi rispetto alle modalità di impiego delle "
        "risorse assegnate. 3. di trasmettere per conoscenza e per i successivi atti di "
        "competenza il presente provvedimento agli Enti che compongono il Consorzio nonché al "
        "Collegio Sindacale."
    ),
    immediately_executable=True,  # seed: point 4, "immediatamente eseguibile"
    votes="Presenti e Votanti n. 8. Con votazione unanime.",
)

# --- Objectives and actions (§4, "Rafforzare il processo di presa in carico") ---------------

_MODE_GARA_SERVIZIO = "procedura di gara per appalto di servizio"
_SISTEMA_PON_SIA = (
    "Importo previsto: non finanziabile. Il finanziamento per l’attuazione del sistema "
    "gestionale provengono dal PON SIA."
)

OBJECTIVES: tuple[ObjectiveSeed, ...] = (
    ObjectiveSeed(
        number=1,
        title=(
            "Accesso – Punti di accesso alle misure di inclusione (TERZA PRIORITA'- CODICE A.1.a)"
        ),
        description=(
            "Per favorire e potenziare i punti di accesso alle misure di inclusione si prevede di "
            "realizzare una serie di azioni che vanno ad integrarsi con le procedure e i servizi "
            "già attivi per l'ambito territoriale p.se e che coinvolgono singoli comuni "
            "attraverso gli uffici URP. La Società della Salute P.se ha scelto di intervenire ed "
            "accogliere le istanze presso gli uffici URP visto che, nei comuni con meno densità "
            "di popolazione, l'accesso delle persone che chiedono agevolazioni economiche è "
            "capillare e quindi sostenibile da un punto di vista di contatti."
        ),
        actions=(
            ActionSeed(
                code="a1",
                title=(
                    "potenziamento dell'Ufficio Relazioni Pubblico comunale per l'informazione, "
                    "consulenza e orientamento incluso il ricevimento e l'assistenza nella "
                    "compilazione delle pratiche."
                ),
                classification="",
                amount="91774.80",
                implementation_mode="procedura di gara di appalto",
                description="",
                staff="due unità di personale",
                fund="Fondo povertà",  # seed: Tabella 2 "Natura Fondo" (€. 91.774,80)
            ),
            ActionSeed(
                code="b1",
                title=(
                    "potenziamento della struttura di accesso ai servizi sociali attraverso il "
                    "Segretariato Sociale da integrare per gli aspetti che riguardano le misure "
                    "di inclusione e di contrasto alla povertà."
                ),
                classification="",
                amount="99766.80",
                implementation_mode="procedura di gara",
                description="",
                staff="due unità di personale",
                fund="Fondo povertà",  # seed: Tabella 2 "Natura Fondo" (€. 99.766,80)
            ),
            ActionSeed(
                code="c1",  # seed: "Azione c 1"
                title=(
                    "attività di informazione rispetto al potenziamento dei servizi di accesso "
                    "alle misure di inclusione"
                ),
                classification="",
                amount="2000.00",
                implementation_mode="procedura di gara di appalto",
                description="",
                staff="",
                fund="",
            ),
            ActionSeed(
                code="d1",  # seed: "Azione d 1"
                title=(
                    "formazione degli operatori che si occuperanno di accogliere le persone e "
                    "fornire informazioni chiare e precise rispetto alle misure nazionali, "
                    "regionali e comunali"
                ),
                classification="",
                amount="",  # seed: "Importo previsto: a carico dei Comuni e della SdS p.se"
                implementation_mode="",
                # seed: this closing paragraph follows d1 but may refer to the whole objective.
                description=(
                    "Per quanto riguarda la gestione delle pratiche REI da parte dei CAF sarà cura "
                    "dei singoli Comuni individuare modalità di raccordo e collaborazione."
                ),
                staff="",
                fund="a carico dei Comuni e della SdS p.se",
            ),
        ),
    ),
    ObjectiveSeed(
        number=2,
        title="Analisi preliminare (TERZA PRIORITA'- CODICE A.1.a)",
        description=(
            "Per favorire e potenziare la fase dell'analisi preliminare da investire sulle misure "
            "di inclusione si prevede di potenziare quelle procedure già sperimentate con "
            "l'introduzione del Reddito di inclusione."
        ),
        actions=(
            ActionSeed(
                code="a2",  # seed: "Azione a 2"
                title="Potenziamento mini-équipe",  # seed: "mini -équipe" (OCR spacing)
                classification="",
                amount="99766.80",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="due unità di personale con il profilo di assistente sociale (livello D)",
                fund="Fondo povertà",  # seed: Tabella 3 "Il potenziamento si avvale del ..."
            ),
            ActionSeed(
                code="b2",
                title=(
                    "Implementazione del sistema gestionale REI, attuato con le risorse PON "
                    "SIA/REI per la programmazione delle “schede di presa in carico – sezione A” "
                    "da utilizzare sia durante le mini-équipe (fase preliminare) sia durante le "
                    "équipe multidisciplinari – sezione B (valutazione, sottoscrizione del Patto "
                    "sociale e di monitoraggio)."
                ),
                classification="",
                amount="",  # seed: "non finanziabile"
                implementation_mode="",
                description=(
                    "L’accesso al sistema è consentito a tutti gli operatori che transitano dalle "
                    "équipe (Servizio Sociale, Centri Impiego, soggetti del Terzo Settore). Per "
                    "questo motivo è stata predisposta una convenzione. " + _SISTEMA_PON_SIA
                ),
                staff="",
                fund="PON SIA",
            ),
            ActionSeed(
                code="c2",
                title="Dotazione strumentale – acquisti",
                classification="A.2.b",  # seed: "CODICE A.2.b", not in brackets
                amount="7500.00",
                implementation_mode=(
                    "convenzione CONSIP, se disponibile, oppure procedura di acquisto"
                ),
                # seed: "socio- assistenziali" (OCR spacing)
                description=(
                    "L’acquisto di strumenti informatici è connessa alla fase di pre-assessment "
                    "per la gestione della scheda di presa in carico dei nuclei beneficiari e per "
                    "l’acquisizione di informazioni relative alle prestazioni socio-assistenziali "
                    "ottenute."
                ),
                staff="",
                fund="",
            ),
            ActionSeed(
                code="d2",
                title="attività di formazione",
                classification="A.1.d",  # seed: "CODICE A.1.d", not in brackets
                amount="3000.00",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description=(
                    "Sono previste attività di empowerment degli operatori sociali finalizzato al "
                    "presidio delle funzioni di pre-assessment"
                ),
                staff="",
                fund="",
            ),
        ),
    ),
    ObjectiveSeed(
        number=3,
        title="Equipe multidisciplinare - (PRIMA PRIORITA'- CODICE A.1.b)",
        description=(
            "Per sostenere la complessità di una misura nazionale di contrasto alla povertà, "
            "l’Ambito territoriale p.se ha scelto di individuare una figura professionale, "
            "program manager, che coordini l’intero processo di presa in carico, attivazione dei "
            "servizi e delle risorse disponibili per il REI. Riteniamo fondamentale, per "
            "garantire un’omogeneità degli interventi ed evitarne una sovrapposizione e/o "
            "duplicazione, che il program manager si raccordi con le altre équipe presenti nei "
            "progetti regionali e locali di inclusione (Vedi POR Svantaggio, Carcere ecc...)"
        ),
        actions=(
            ActionSeed(
                code="a3",  # seed: "Azione a 3"
                title="Individuazione di un program manager",
                classification="",
                amount="59860.08",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="1 unità di personale con il profilo di assistente sociale (livello D)",
                fund="Fondo Povertà",  # seed: Tabella 4 (36 ore settimanali, €. 59.860,08)
            ),
            ActionSeed(
                code="b3",
                title="Implementazione del sistema gestionale REI",
                classification="",
                amount="",  # seed: "non finanziabile"
                implementation_mode="",
                description=(
                    "Lo stesso sistema gestionale per le schede di “presa in carico – sezione B” "
                    "consentono la compilazione e la sottoscrizione del Patto sociale da parte di "
                    "tutti gli operatori che transitano in équipe multidisciplinare. L’intento è "
                    "quello di inserire tutte le informazioni utilizzabili anche per il "
                    "monitoraggio degli interventi previsti e l’extrapolazione dei dati che "
                    "consentano di compilare in maniera precisa i monitoraggi periodici, richiesti "
                    "anche dal Ministero del Lavoro e delle Politiche sociali e dalla Regione "
                    "Toscana. " + _SISTEMA_PON_SIA
                ),
                staff="",
                fund="PON SIA",
            ),
            ActionSeed(
                code="c3",
                title="Dotazione strumentale – acquisti",
                classification="A.1.b",  # seed: "CODICE A.1.b", not in brackets
                amount="5000.00",
                implementation_mode=(
                    "convenzione CONSIP, se disponibile, oppure procedura di acquisto."
                ),
                description=(
                    "L’acquisto di strumenti informatici è connessa alla funzione di Analisi "
                    "multidimensionale, progettazione e valutazione dell’intervento integrato."
                ),
                staff="",
                fund="",
            ),
            ActionSeed(
                # seed: printed "Azione d 2" under objective 3 (duplicate of d2); Tabella 7
                # lists it as "Azione d3", so d3 is the best reading.
                code="d3",
                title="attività di formazione",
                classification="",
                amount="3000.00",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description=(
                    "Sono previste attività di empowerment degli operatori sociali finalizzato al "
                    "presidio delle funzioni di Assessment, progettazione e attuazione degli "
                    "interventi nonché delle procedure connesse al SIA/REI purché previste nel "
                    "Piano Regionale."
                ),
                staff="",
                fund="",
            ),
        ),
    ),
    ObjectiveSeed(
        number=4,
        title="Progetto personalizzato SECONDA PRIORITA'",
        description=(
            "In coerenza con gli interventi finanziati dal PON SIA e attuati attraverso una "
            "procedura di co-progettazione con il Terzo Settore si prevede di potenziare i "
            "servizi ampliando il raggio di azione alla luce dei bisogni emersi durante il lavoro "
            "delle équipes. Riteniamo opportuno spaziare con l'attuazione di nuove proposte per "
            "accogliere una platea più ampia di beneficiari che necessitano di fuoriuscire da una "
            "condizione di fragilità, indipendentemente dall'età anagrafica."
        ),
        # Funds of a4 ... h4: seed Tabella 8, column "Fondo utilizzato", matched by intervention.
        actions=(
            ActionSeed(
                code="a4",
                title="Sostegno socio-educativo domiciliare",
                classification="A.1.c.2",
                amount="15000.00",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="",
                fund="Quota Servizi PON INCLUSIONE",
            ),
            ActionSeed(
                code="b4",
                title=(
                    "Assistenza educativa territoriale per la costruzione dei requisiti per "
                    "l'occupabilità e supporto all'inclusione sociale di giovani e adulti"
                ),
                classification="",
                amount="115724.16",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="",
                fund="Quota Servizi PON INCLUSIONE",
            ),
            ActionSeed(
                code="c4",
                title="Sostegno alla genitorialità e servizio di mediazione familiare",
                classification="A.1.c.3",
                amount="42552.88",
                implementation_mode=_MODE_GARA_SERVIZIO,
                # seed: the voucher line is printed after "Modalità di attuazione".
                description=(
                    "- laboratori di gruppo 0-3 anni dedicate a tematiche specifiche tipo: "
                    "alimentazione neonato, approccio alla salute, manovre primo intervento "
                    "pediatrico, approccio ai giochi e reattività\n"
                    "- servizio di mediazione familiare\n"
                    "- voucher di servizio per asili nido con accreditamento dei fornitori"
                ),
                staff="",
                fund="Quota Servizi PON INCLUSIONE",
            ),
            ActionSeed(
                code="d4",
                title="Servizi di alfabetizzazione per famiglie di immigrati",
                classification="A.1.c.4",
                amount="4000.00",
                implementation_mode=(
                    "CPIA, se disponibile, oppure procedura di gara per appalto di servizio"
                ),
                description="- corsi di lingua italiana",
                staff="",
                fund="Quota Servizi PON INCLUSIONE",
            ),
            ActionSeed(
                code="e4",
                title="Servizio di assistenza domiciliare socio-assistenziale",
                classification="A.1.c.5",
                amount="20000.00",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="",
                fund="Quota Servizi",
            ),
            ActionSeed(
                code="f4",
                title="Servizio di pronto intervento sociale (SEUS)",
                classification="A.1.c.5",
                amount="5000.00",
                implementation_mode="inserimento in struttura da parte del Servizio SEUS.",
                description="",
                staff="",
                fund="Quota Servizi",
            ),
            ActionSeed(
                code="g4",
                title="Servizi di prossimità",
                classification="A.1.c.5",
                amount="15000.00",
                implementation_mode="convenzioni attraverso il Codice del Terzo Settore.",
                description=(
                    "- Collaborazioni con Associazioni di volontariato e promozione sociale"
                ),
                staff="",
                fund="Quota Servizi",
            ),
            ActionSeed(
                code="h4",
                # seed: "work – experience" kept as printed.
                title="Tirocini finalizzati all’inclusione sociale e work – experience",
                classification="B.2.b",
                amount="5000.00",
                implementation_mode=_MODE_GARA_SERVIZIO,
                description="",
                staff="",
                fund="Quota Servizi PON INCLUSIONE",
            ),
        ),
    ),
)

# --- Cronoprogrammi ----------------------------------------------------------------------
# Columns printed as "2018: 4T" and "2019: 1T 2T 3T 4T"; every table says "Presumibilmente le
# attività si concluderanno il 31 ottobre 2020". True = cell marked "x"/"X".

_QUARTERS = ("2018-Q4", "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4")
_X = True
_o = False

SCHEDULES: tuple[ScheduleSeed, ...] = (
    ScheduleSeed(
        table="Tabella 7",
        quarters=_QUARTERS,
        rows=(
            # Obiettivo 1 – Accesso alle misure di inclusione
            ("a1", (_o, _o, _X, _X, _X)),
            ("b1", (_o, _o, _X, _X, _X)),
            ("c1", (_o, _o, _X, _o, _o)),
            ("d1", (_o, _o, _X, _o, _o)),
            # Obiettivo 2 – Analisi preliminare
            ("a2", (_o, _o, _X, _X, _X)),
            ("b2", (_X, _X, _X, _X, _X)),
            ("c2", (_X, _X, _o, _o, _o)),
            ("d2", (_o, _X, _X, _X, _X)),
            # Obiettivo3 – Equipe multidisciplinari
            ("a3", (_o, _X, _o, _o, _o)),
            ("b3", (_o, _o, _o, _o, _o)),  # seed: row printed with no mark
            ("c3", (_o, _X, _X, _X, _X)),
            ("d3", (_o, _X, _X, _X, _X)),
            # Obiettivo 4 – Progetto Personalizzato
            ("a4", (_o, _X, _X, _X, _X)),
            ("b4", (_o, _X, _X, _X, _X)),
            ("c4", (_o, _X, _X, _X, _X)),
            ("d4", (_o, _X, _X, _X, _X)),
            ("e4", (_o, _X, _X, _X, _X)),
            ("f4", (_o, _X, _X, _X, _X)),
            ("g4", (_o, _X, _X, _X, _X)),
            ("h4", (_o, _X, _X, _X, _X)),
        ),
    ),
    # Rows are the "Attività" labels: their actions (a1-c1, a2-c2, a3-b3 of the section
    # "Rafforzare l'infrastruttura territoriale") are a different set from OBJECTIVES' codes.
    ScheduleSeed(
        table="Tabella 9",
        quarters=_QUARTERS,
        rows=(
            # Obiettivo Il rafforzamento del Servizio Sociale professionale (1 AS ogni 5.000 ab.)
            (
                "Azione mantenimento delle risorse impiegate per garantire nell'Ambito pistoiese "
                "la presenza di almeno 1 AS ogni 5.000 abitanti.",
                (_X, _o, _o, _o, _o),
            ),
            (
                "Azione potenziamento dei Servizi Sociali con figure professionali dedicate "
                "all'area dell'inclusione e della povertà",
                (_o, _o, _X, _X, _X),
            ),
            ("Azione selezione di un Program manager", (_o, _o, _X, _X, _X)),
            # Obiettivo Il rafforzamento degli interventi di inclusione
            (
                "Azione ricognizione dei bisogni rilevati dalle EEMM rispetto all'individuazione "
                "di servizi integrativi al PON SIA/REI.",
                (_o, _X, _o, _o, _o),
            ),
            (
                "Azione predisposizione di una procedura di gara di appalto per l'attuazione dei "
                "servizi indicati nel Documento programmatico",
                (_o, _o, _X, _X, _X),
            ),
            (
                "Azione sottoscrizione di convenzioni con le associazioni di volontariato per i "
                "servizi di prossimità",
                (_o, _o, _X, _X, _X),
            ),
            # Obiettivo I Punti di accesso alle misure di inclusione (almeno 1 ogni 20.000 ab.)
            # seed: this objective label is split over two rows; its first row has no activity
            # and no mark and is not kept.
            (
                "Azione rafforzamento degli Uffici URP con personale dedicato ad accogliere i "
                "beneficiari delle misure di contrasto alla povertà",
                (_o, _o, _X, _X, _X),
            ),
            (
                "Azione potenziamento dei Segretariati Sociali con personale dedicato a svolgere "
                "la funzione di accoglienza e sostegno ai cittadini che necessitano di misure di "
                "contrasto alla povertà",
                (_o, _o, _X, _X, _X),
            ),
        ),
    ),
    # Same rows as TABLE_10 below.
    ScheduleSeed(
        table="Tabella 10",
        quarters=_QUARTERS,
        rows=(
            # Obiettivo Rafforzare la rete inclusiva
            (
                "Azione Somministrazione di un questionario di rilevazione dei bisogni",
                (_o, _o, _X, _X, _X),
            ),
            (
                "Azione Raccordare le attività progettuali verso un sistema di monitoraggio e "
                "valutazione dei processi attuati dalle reti sociali",
                (_o, _o, _X, _X, _X),
            ),
            (
                "Azione Organizzazione di eventi partecipativi per valorizzare il lavoro di rete "
                "dedicato all'inclusione sociale.",
                (_o, _o, _X, _X, _X),
            ),
        ),
    ),
)

# --- Funds (§7.1 "Impiego Fondi": Progetti / Fondi / Importo) -------------------------------
# name = "Progetti" column, note = "Fondi" column (plus any text printed in "Importo").
# seed: the text calls this list "tabella 13", but the table has no number.

FUNDS: tuple[FundSeed, ...] = (
    FundSeed("Pon Inclusione- AV3 Reddito di Inclusione", "592898.00", "Europei e Ministeriali"),
    FundSeed("Fondo Povertà", "593945.52", "Ministeriali"),
    FundSeed("POR ARRIVO", "230999.00", "Europei"),
    FundSeed("POR ORACOLO", "353537.00", "Europei"),
    FundSeed("PON Inclusione/PO I FEAD", "232224.00", "Europei"),
    FundSeed("PISOLA", "199915.51", "Comune di Pistoia"),
    FundSeed("ANDARE OLTRE", "25000.00", "Comune di Agliana"),
    FundSeed(
        "PROVIAMOCI Progetti personalizzati di inclusione per soggetti svantaggiati",
        "43674.95",
        "Comuni Montani – Contributi individuali in base all'impegno di ogni beneficiario",
    ),
    FundSeed("Convenzione con Centro Ascolto di CARITAS", "4000.00", "Comune di Serravalle P.se"),
)

# seed (deliberation premises): "Richiamato il decreto del Ministero del Lavoro e delle
# Politiche Sociali 18 maggio 2018 (G.U n. 55 del 6 luglio 2018) che ripartisce le risorse
# destinate al finanziamento dei servizi territoriali alle Regioni (Quota Servizi) ed assegna
# alla Società della Salute P.se un importo pari a € 593.945,52." Also §7.1: "Fondo Povertà
# Ministeriali €. 593.945,52".
POVERTY_FUND_ALLOCATION = "593945.52"
# seed (Premessa): "alle somme afferenti la quota del Fondo Povertà 2018".
POVERTY_FUND_YEAR = 2018

# --- Other tables --------------------------------------------------------------------------
# TABLE_10: Tabella 10 "Cronoprogramma" (not a funds table). Columns: Obiettivi, Attività,
# 2018 4T, 2019 1T, 2019 2T, 2019 3T, 2019 4T; marks as printed ("x", "X" or "").
TABLE_10: tuple[tuple[str, ...], ...] = (
    (
        "Obiettivo Rafforzare la rete inclusiva",
        "Azione Somministrazione di un questionario di rilevazione dei bisogni",
        "",
        "",
        "x",
        "x",
        "x",
    ),
    (
        "",
        "Azione Raccordare le attività progettuali verso un sistema di monitoraggio e "
        "valutazione dei processi attuati dalle reti sociali",
        "",
        "",
        "X",
        "X",
        "X",
    ),
    (
        "",
        "Azione Organizzazione di eventi partecipativi per valorizzare il lavoro di rete "
        "dedicato all'inclusione sociale.",
        "",
        "",
        "X",
        "X",
        "X",
    ),
)

# TABLE_11: Tabella 11 "OBIETTIVI PROGETTUALI E CRONOPROGRAMMA". Columns: Fondo, Obiettivi
# Specifici, 2018 "Al IV Trim", 2019 "Al I Trim", "Al II Trim", "Al III Trim", "Al IV Trim",
# then an unlabelled 8th column. seed: the POR ORACOLO and PON Inclusione/PO I FEAD rows have
# their marks in 2019 II-IV plus the unlabelled column (probably shifted one cell to the right,
# i.e. 2019 I-IV); kept as printed.
TABLE_11: tuple[tuple[str, ...], ...] = (
    (
        "PON SIA/REI",
        "l'accesso alle misure, presa in carico integrata attraverso la costituzione di équipes "
        "multidisciplinari l'attivazione di servizi specifici",
        "x",
        "x",
        "x",
        "x",
        "x",
        "",
    ),
    ("Fondo Povertà", "", "", "", "x", "x", "x", ""),
    ("POR ARRIVO", "", "", "x", "x", "x", "x", ""),
    ("POR ORACOLO", "", "", "", "x", "x", "x", "x"),
    ("PON Inclusione/PO I FEAD", "", "", "", "x", "x", "x", "x"),
    (
        "PISOLA Comune di Pistoia",
        "Valutazione sociale finalizzata alla profilazione dei beneficiari",
        "x",
        "x",
        "x",
        "x",
        "x",
        "",
    ),
    ("ANDARE OLTRE Comune di Agliana", "", "x", "x", "x", "x", "x", ""),
    ("Comuni Montani", "", "x", "x", "x", "x", "x", ""),
    ("Comune di Serravalle P.se", "", "x", "x", "x", "x", "", ""),
)


# --- Self-check ----------------------------------------------------------------------------


def _bad_decimal(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return True
    return False


def check() -> list[str]:
    """Return a list of problems in the data above ([] when consistent)."""
    problems: list[str] = []
    codes: list[str] = []
    total = Decimal("0")
    if [o.number for o in OBJECTIVES] != [1, 2, 3, 4]:
        problems.append("objectives are not numbered 1..4")
    for objective in OBJECTIVES:
        for action in objective.actions:
            codes.append(action.code)
            if not action.code.endswith(str(objective.number)):
                problems.append(f"{action.code}: code does not match objective {objective.number}")
            if action.amount:
                if _bad_decimal(action.amount):
                    problems.append(f"{action.code}: bad amount {action.amount!r}")
                else:
                    total += Decimal(action.amount)
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append(f"duplicate action codes: {duplicates}")
    if total != Decimal(POVERTY_FUND_ALLOCATION):
        problems.append(f"action amounts add up to {total}, not {POVERTY_FUND_ALLOCATION}")
    for schedule in SCHEDULES:
        labels = [label for label, _ in schedule.rows]
        if len(set(labels)) != len(labels):
            problems.append(f"{schedule.table}: duplicate rows")
        for label, marks in schedule.rows:
            if len(marks) != len(schedule.quarters):
                problems.append(f"{schedule.table}/{label}: {len(marks)} marks")
        if schedule.table == "Tabella 7" and sorted(labels) != sorted(codes):
            problems.append("Tabella 7 rows do not match the action codes")
    for fund in FUNDS:
        if fund.amount and _bad_decimal(fund.amount):
            problems.append(f"{fund.name}: bad amount {fund.amount!r}")
    if not any(f.amount == POVERTY_FUND_ALLOCATION for f in FUNDS):
        problems.append("POVERTY_FUND_ALLOCATION missing from FUNDS")
    for row in ATTENDANCE:
        if row.share and _bad_decimal(row.share):
            problems.append(f"{row.member}: bad share {row.share!r}")
    voters = sum(1 for row in ATTENDANCE if row.present and row.share)
    if f"n. {voters}" not in DELIBERATION.votes:
        problems.append(f"{voters} members present, vote says {DELIBERATION.votes!r}")
    for table in (TABLE_10, TABLE_11):
        if len({len(row) for row in table}) > 1:
            problems.append("table rows of different lengths")
    return problems
