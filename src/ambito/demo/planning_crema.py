"""Literal data drawn from seed 003, the "Piano di Zona 2006-2008" of the Distretto di Crema.

Sections used (numbering as printed in the seed):

- §A.3 "Un lavoro partecipato" and §A.4 "Una chiave di lettura del Piano" (title, approval,
  the tree figure that classifies the actions) -> PLAN_*, APPROVAL, FIGURE_GROUPS;
- §B.1-§B.3 "Gli assi strategici", §C.1-§C.7 "Le azioni prioritarie", §D.1-§D.3 "Le azioni
  di coordinamento", §E.1-§E.2 "Le azioni di sistema" -> AXES;
- §B.2 "Il fondo sociale distrettuale" (and its notes 1 and 2) -> SOLIDARITY_FUND,
  FNPS_TARGET_SPLIT;
- §B.3 "La forma di gestione unitaria" (three spending tables) -> SPENDING_*;
- §G.3 "Il Piano Finanziario" (matrices ANNO 2006/2007/2008, the FNPS use table and the pie
  charts) -> PORTFOLIO*, FNPS_USE_*.

The seed is OCR text: accents dropped by the OCR ("attivita", "Solidarieta") and garbled
characters ("€" for "è", "[’" for "l’") are fixed in transcribed text; figures are kept
exactly as printed. Conventions:

- AxisSeed.objective: the "Obiettivo generale"/"Obiettivo" sentence where printed; where the
  seed gives a numbered "Obiettivi" list, the items joined as "1. ...; 2. ...", each cut to
  its main clause.
- AxisSeed.expected_results: the bullets of "Risultati attesi"; where the seed gives prose
  only, one item per paragraph (its first sentence).
- ActionSeed.code: none is printed, so "<axis>.<n>" numbered in order of appearance in the
  axis' "Modalità operative" (or, where noted, in the prose listing the interventions).
- ActionSeed.kind: the class given by the seed to the whole axis (section heading or tree
  figure, see FIGURE_GROUPS), "" where the seed gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class ActionSeed:
    code: str  # derived: "<axis code>.<n>", n = order of appearance under the axis
    title: str
    kind: str  # "process", "service", "coordination", "system" or ""
    description: str  # short (first sentence or two)


@dataclass(frozen=True)
class AxisSeed:
    code: str  # "B.1" ... "E.2" as in the seed's section numbering
    title: str
    priority: str  # printed priority wording, else ""
    objective: str
    expected_results: tuple[str, ...]
    actors: str
    operating_mode: str
    actions: tuple[ActionSeed, ...]


# --- §A.3 / §A.4 -------------------------------------------------------------------------

PLAN_TITLE = "Piano di Zona 2006-2008"
PLAN_SUBTITLE = "Secondo Piano di Zona del distretto di Crema"
PLAN_START_YEAR = 2006
PLAN_END_YEAR = 2008
# §A.3: no deliberation number or date is printed; only this sentence (the month, with no
# year, refers to the annual conference that closed the 2005 participation process).
APPROVAL = (
    "Il percorso di confronto e di condivisione si è concluso con il Convegno annuale dal "
    "titolo “Tanti punti di vista, una sola visione: la programmazione unitaria "
    "distrettuale”, momento di lavoro che ha portato all’approvazione, nel mese di "
    "dicembre, del Secondo Piano di Zona del distretto di Crema."
)

# Section headings grouping the axes, as printed.
AXIS_SECTIONS = {
    "B": "Gli assi strategici",
    "C": "Le azioni prioritarie",
    "D": "Le azioni di coordinamento",
    "E": "Le azioni di sistema",
}

# §A.4 tree figure as it survives the OCR: group label -> axis codes listed under it. The
# figure's "azioni di processo" branch and the entries C.2, D.1, D.3 were lost by the OCR,
# so C.4 and C.5 appear under "Azioni di coordinamento" next to D.2; that placement is taken
# as printed (kind "coordination") but is uncertain.
FIGURE_GROUPS = {
    "Assi strategici": ("B.1", "B.2", "B.3"),
    "Azione di base": ("C.1",),
    "Azioni di servizio": ("C.3", "C.6", "C.7"),
    "Azioni di coordinamento": ("D.2", "C.4", "C.5"),
}

# --- §B.1-§E.2 ---------------------------------------------------------------------------

AXES: tuple[AxisSeed, ...] = (
    AxisSeed(
        code="B.1",
        title="La programmazione comunale unitaria",
        priority="",
        objective=(
            "Giungere a garantire le condizioni piene per l’esercizio della titolarità e per "
            "la definizione di scelte unitarie di intervento sociale di rilevanza distrettuale."
        ),
        expected_results=(
            "Ridurre o compensare la situazione di problematica definizione di spazi e ruoli "
            "decisionali rispetto a tematiche di elevata componente politica e che spesso "
            "vengono gestite sotto un profilo prevalentemente tecnico.",
            "Incrementare i livelli di partecipazione alle scelte di fondo da parte di un "
            "numero sempre più elevato di comuni, puntando a favorire il coinvolgimento attivo "
            "anche dei piccoli comuni o di quei comuni che hanno una limitata e poco "
            "consolidata esperienza in campo sociale.",
            "Giungere ad una qualificazione del livello di trattazione delle diverse questioni "
            "spostando l’accento delle dinamiche di confronto, da aspetti gestionali e "
            "organizzativi, a contributi di indirizzo, controllo e valutazione.",
        ),
        actors=(
            "I sindaci che compongono l’assemblea distrettuale, i referenti politici designati "
            "a rappresentare i territori nel coordinamento e gli assessori con delega al "
            "sociale dei diversi comuni del distretto."
        ),
        operating_mode=(
            "Valorizzazione delle esperienze e delle risorse già presenti, con la possibilità "
            "di attivare risorse specifiche soprattutto per azioni di consulenza, formazione e "
            "accompagnamento dei processi decisionali."
        ),
        actions=(
            ActionSeed(
                code="B.1.1",
                title="Incontri di formazione e di consulenza operativa",
                kind="",
                description=(
                    "Nel primo anno, una serie di incontri di formazione e di consulenza "
                    "operativa al fine di avviare il processo e di sostenerlo nelle fasi "
                    "maggiormente problematiche."
                ),
            ),
            ActionSeed(
                code="B.1.2",
                title="Iniziative di consolidamento e di accompagnamento",
                kind="",
                description=(
                    "Nel secondo e nel terzo anno, iniziative di consolidamento e di "
                    "accompagnamento rispetto alle linee di sviluppo che si andranno a definire."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="B.2",
        title="Il fondo sociale distrettuale",
        priority="",
        objective=(
            "Dare prospettive operative alla volontà di programmazione unitaria, attraverso la "
            "costituzione di un Fondo Sociale Distrettuale che armonizzi le diverse fonti di "
            "finanziamento ampliando la “logica solidaristica”, già patrimonio del territorio."
        ),
        expected_results=(
            "La costituzione di un Fondo Sociale Distrettuale comprensivo ed integrativo dei "
            "diversi canali di finanziamento ad oggi gestiti in modo separato e rigido, "
            "consentirà una maggiore valorizzazione delle potenzialità dei diversi “fondi”, in "
            "funzione di un quadro unitario.",
        ),
        actors="",  # §B.2 has no "Attori coinvolti" paragraph
        operating_mode=(
            "Una serie di interventi di valorizzazione delle potenzialità dei diversi fondi, "
            "nell’ambito di un fondo unitario che ne confermi organicità e coerenza."
        ),
        # The four fund headings under "Modalità operative".
        actions=(
            ActionSeed(
                code="B.2.1",
                title="Fondo Nazionale Politiche Sociali",
                kind="",
                description=(
                    "Tendenziale finalizzazione del 50% del FNPS ai servizi di rilevanza "
                    "distrettuale e alle azioni di formazione, consulenza e coordinamento; il "
                    "rimanente 50% a una riprogettazione dei titoli sociali con voucherizzazione "
                    "mirata nell’area della domiciliarità."
                ),
            ),
            ActionSeed(
                code="B.2.2",
                title="Fondo di solidarietà",
                kind="",
                description=(
                    "Riformulazione degli elementi caratterizzanti l’attuale Fondo di "
                    "solidarietà: sistema di partecipazione, regolamentazione distrettuale, "
                    "estensione da singoli servizi ad aree di intervento."
                ),
            ),
            ActionSeed(
                code="B.2.3",
                title="Le progettualità specifiche",
                kind="",
                description=(
                    "Consolidare la logica distrettuale nella gestione dei finanziamenti "
                    "statali e regionali per progettualità di settore e attivare nuove "
                    "possibilità di finanziamento (Fondazioni Bancarie, Fondazioni Comunitarie "
                    "e Fondi Sociali Europei)."
                ),
            ),
            ActionSeed(
                code="B.2.4",
                title="Il Fondo Sociale Regionale",
                kind="",
                description=(
                    "Il Fondo Sociale Regionale deve intervenire sempre di più a sostegno degli "
                    "interventi consolidati, dei servizi comunali, delle unità di offerta della "
                    "rete territoriale e dell’integrazione sociosanitaria."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="B.3",
        title="La forma di gestione unitaria",
        priority="",
        objective=(
            "Formulare un percorso di lavoro per dare un confine istituzionale e una autonomia "
            "giuridica all’attuale dimensione operativa dell’Ufficio di Piano, mediante la "
            "costituzione di un ente di rilevanza distrettuale e consortile, in grado di "
            "posizionarsi come gestore di un “portafoglio” comune di risorse."
        ),
        expected_results=(
            "Elaborare un modello di lavoro che permetta di accompagnare lo sviluppo della "
            "programmazione unitaria comunale con uno strumento operativo e di gestione "
            "flessibile e coerente.",
            "Costruire un sistema integrato per la definizione delle politiche di welfare.",
            "Giungere ad una maggiore efficienza e razionalità sia programmatoria che "
            "economico-produttiva.",
        ),
        actors="",  # §B.3 has no "Attori coinvolti" paragraph
        operating_mode=(
            "Gradualità di passaggi in funzione della crescita delle aree di interesse "
            "distrettuale: nel 2006 una fase di riflessione sulla formula giuridica, poi un "
            "primo triennio di attivazione e consolidamento graduale."
        ),
        # The four "possibili scenari e fasi" under "Modalità operative".
        actions=(
            ActionSeed(
                code="B.3.1",
                title="Percorso costitutivo",
                kind="",
                description=(
                    "Definizione degli assetti e delle forme di partecipazione, costruzione "
                    "condivisa di un quadro di riferimento giuridico."
                ),
            ),
            ActionSeed(
                code="B.3.2",
                title="Start up",
                kind="",
                description=(
                    "Costituzione di un ente sovra comunale per la gestione delle materie già "
                    "attualmente oggetto dell’Ufficio di Piano."
                ),
            ),
            ActionSeed(
                code="B.3.3",
                title="Implementazione sui fondi",
                kind="",
                description=(
                    "Ampliare la sfera di competenza distrettuale per la gestione di risorse "
                    "aggiuntive, a seguito di definizioni congiunte di criteri, regolamenti e "
                    "processi di committenza."
                ),
            ),
            ActionSeed(
                code="B.3.4",
                title="Service sui servizi",
                kind="",
                description=(
                    "Incremento della sfera di attività con rilevanza gestionale in funzione "
                    "della facoltà di ogni comune di assegnare la gestione di propri servizi "
                    "e/o rami di produzione."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.1",
        title="Il consolidamento e la qualificazione del Servizio Sociale Professionale",
        priority="azione prioritaria",  # section heading "Le azioni prioritarie"
        objective=(
            "1. Garantire il mantenimento dello standard di presenza di personale definito nel "
            "rapporto 1 assistente sociale ogni 5000 abitanti; 2. Dare stabilità alla presenza "
            "degli operatori mediante idonee soluzioni contrattuali; 3. Confermare e sviluppare "
            "la dimensione del coordinamento tecnico di sub-ambito e distrettuale; 4. Definire "
            "assetti organizzativi di sub-ambito; 5. Delineare percorsi formativi, di "
            "supervisione e di accompagnamento."
        ),
        # Prose only in the seed: first sentence of each paragraph.
        expected_results=(
            "Un Servizio Sociale Professionale sempre più omogeneo ed organizzato sull’intero "
            "territorio distrettuale, caratterizzato dalla presenza di gruppi professionali ben "
            "coordinati.",
            "L’attivazione di modalità e forme di pronto intervento sociale di rilevanza "
            "distrettuale.",
        ),
        actors=(
            "In primo luogo gli amministratori comunali; in secondo luogo gli operatori, con "
            "modalità di lavoro definite all’interno di modelli organizzativi stabili."
        ),
        operating_mode=(
            "Garantire le risorse comunali necessarie per presidiare lo standard dichiarato "
            "presso ogni realtà comunale e sostenere, anche con risorse del FNPS (cfr. B.2), il "
            "funzionamento del servizio e il coordinamento intercomunale."
        ),
        actions=(
            ActionSeed(
                code="C.1.1",
                title="Presidio dello standard di presenza degli assistenti sociali",
                kind="",  # the figure calls C.1 "Azione di base", not one of the kinds
                description=(
                    "Garantire le risorse comunali necessarie per presidiare lo standard "
                    "dichiarato presso ogni realtà comunale."
                ),
            ),
            ActionSeed(
                code="C.1.2",
                title="Funzionamento del servizio e coordinamento intercomunale",
                kind="",
                description=(
                    "Risorse del FNPS per il monte ore dei coordinatori di sub-ambito e delle "
                    "attività di coordinamento, le figure di supporto amministrativo e azioni di "
                    "consulenza, supervisione e formazione."
                ),
            ),
            ActionSeed(
                code="C.1.3",
                title="Rafforzamento del ruolo tecnico dell’assistente sociale",
                kind="",
                description=(
                    "Maggiore focalizzazione sul proprio ambito di intervento, alleggerimento "
                    "delle componenti amministrative gestionali e attenzione al contesto "
                    "territoriale di riferimento."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.2",
        title="Costituzione di modelli organizzativi integrati ed interistituzionali",
        priority="azione prioritaria",
        objective=(
            "1. Contenere l’attuale situazione di frammentarietà tra i diversi soggetti che "
            "operano nell’area anziani, per offrire percorsi agevolati per l’accesso alla rete "
            "dei servizi; 2. Promuovere l’integrazione fra servizi sociali e sanitari; "
            "3. Potenziare opportuni livelli di comunicazione ed informazione rispetto alle "
            "possibilità e alle potenzialità che il territorio offre."
        ),
        expected_results=(
            "Maggiore capacità di lettura del bisogno a partire dai diversi osservatori e delle "
            "diverse competenze degli attori in gioco.",
            "Maggiore tempestività e dinamicità degli interventi a partire da una chiara "
            "conoscenza della rete.",
            "Maggiore appropriatezza degli interventi rispetto ai bisogni.",
            "Razionalizzazione delle risorse e superamento di inutili sovrapposizioni di "
            "intervento.",
            "Ampliamento della gamma di offerta, valorizzando l’esistente e intervenendo per "
            "attivare risposte ancora non presenti.",
            "Definizione chiara delle competenze reciproche non per definire confini, ma per "
            "costruire assetti e visioni d’insieme.",
        ),
        actors=(
            "Gli enti che si occupano di domiciliarità: Servizi Sociali Comunali, Medici di "
            "Medicina Generale, Azienda Sanitaria Locale (consultori anziani), servizi diurni e "
            "semiresidenziali, Azienda Ospedaliera (cure palliative), enti gestori di RSA e IDR."
        ),
        operating_mode=(
            "Avviare e sperimentare nuovi modelli di funzionamento, concentrando l’attenzione "
            "sull’area dei servizi per gli anziani e ponendo le basi per successive estensioni "
            "ad altre aree di intervento."
        ),
        actions=(
            ActionSeed(
                code="C.2.1",
                title="Sistema unitario di accesso alla rete dei servizi",
                kind="",
                description=(
                    "Costruzione di accordi per l’avvio di un sistema unitario di accesso alla "
                    "rete dei servizi."
                ),
            ),
            ActionSeed(
                code="C.2.2",
                title="Protocollo per le dimissioni protette",
                kind="",
                description=(
                    "Revisione partecipata e condivisa del protocollo per le dimissioni protette."
                ),
            ),
            ActionSeed(
                code="C.2.3",
                title="Impiego integrato di voucher sanitari e titoli sociali",
                kind="",
                description=(
                    "Modelli integrati e coordinati di impiego dei voucher di rilevanza "
                    "sanitaria e dei titoli sociali."
                ),
            ),
            ActionSeed(
                code="C.2.4",
                title="Liste di attesa per le RSA",
                kind="",
                description=(
                    "Ri-definizione delle modalità di gestione delle liste di attesa per "
                    "l’accesso alle strutture RSA."
                ),
            ),
            ActionSeed(
                code="C.2.5",
                title="Strumenti di valutazione sanitaria e sociale",
                kind="",
                description=(
                    "Revisione e applicazione coordinata di nuovi strumenti di valutazione "
                    "sanitaria e sociale."
                ),
            ),
            ActionSeed(
                code="C.2.6",
                title="Unità specialistiche e consulenziali",
                kind="",
                description=(
                    "Costituzione di unità specialistiche e consulenziali a supporto del lavoro "
                    "degli operatori sociali e sanitari di base."
                ),
            ),
            ActionSeed(
                code="C.2.7",
                title="Nuove unità di offerta residenziali e semiresidenziali",
                kind="",
                description=(
                    "Progettazione e realizzazione di nuove unità di offerta e nuovi servizi "
                    "residenziali e semiresidenziali di prevalente rilevanza sociale."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.3",
        title="Sviluppo di interventi integrati per la domiciliarità",
        priority="azione prioritaria",
        objective=(
            "1. Qualificare il Servizio di Assistenza Domiciliare comunale/distrettuale; "
            "2. Attivare sistemi di voucherizzazione delle prestazioni domiciliari; 3. Definire "
            "sistemi di accreditamento per dette prestazioni; 4. Valorizzare l’intera gamma di "
            "interventi e servizi domiciliari, diurni e semiresidenziali, alternativi "
            "all’ospedalizzazione-istituzionalizzazione; 5. Avviare attività di formazione, "
            "valorizzazione e integrazione dei vari soggetti che intervengono a domicilio."
        ),
        expected_results=(
            "Conoscenza, catalogazione, studio e confronto delle diverse tipologie di Servizio "
            "Assistenza Domiciliare (SAD) esistenti nel distretto.",
            "Individuazione degli standard minimi e potenziamento degli aspetti che qualificano "
            "l’organizzazione, la gestione e l’erogazione del servizio.",
            "Stesura di un regolamento distrettuale del servizio.",
            "Condivisione di competenze, esperienze, professionalità.",
            "Miglioramento della qualità della relazione/prestazione.",
        ),
        actors=(
            "Gli amministratori comunali e gli operatori; gli operatori dell’Azienda Sanitaria "
            "Locale e i soggetti del Terzo Settore gestori di servizi che erogano prestazioni "
            "domiciliari."
        ),
        operating_mode=(
            "Costruzione di spazi di coordinamento e di integrazione tra i soggetti che operano "
            "per il mantenimento a domicilio e azioni formative congiunte tra il personale del "
            "SAD comunale e gli altri operatori sociali e sanitari."
        ),
        actions=(
            ActionSeed(
                code="C.3.1",
                title="Spazi di coordinamento e di integrazione per la domiciliarità",
                kind="service",
                description=(
                    "Spazi di coordinamento e di integrazione tra tutti i soggetti che, in modo "
                    "diretto o indiretto, operano per il mantenimento a domicilio ed in ambito "
                    "familiare del soggetto in difficoltà."
                ),
            ),
            ActionSeed(
                code="C.3.2",
                title="Formazione congiunta SAD e operatori sociali e sanitari",
                kind="service",
                description=(
                    "Azioni formative congiunte con medici di medicina generale, servizi diurni "
                    "e semiresidenziali, consultorio integrato dell’Asl e Azienda ospedaliera "
                    "(cure palliative)."
                ),
            ),
            ActionSeed(
                code="C.3.3",
                title="Qualificazione delle assistenti familiari",
                kind="service",
                description=(
                    "Percorso di qualificazione delle assistenti familiari, anche attraverso "
                    "appositi registri e modalità di riconoscimento del loro ruolo."
                ),
            ),
            # From "Risultati attesi" (prose after the bullets) and the "Descrizione".
            ActionSeed(
                code="C.3.4",
                title="Accreditamento e voucherizzazione delle prestazioni domiciliari",
                kind="service",
                description=(
                    "Definizione di criteri e modalità di accreditamento e di voucherizzazione "
                    "finalizzati ad ampliare le forme di intervento domiciliare."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.4",
        title="Interventi per la promozione di una nuova visione della condizione anziana",
        priority="azione prioritaria",
        objective=(
            "1. Promuovere un cambiamento nel modo di concepire e di vivere l’invecchiamento "
            "attraverso la sensibilizzazione, la responsabilizzazione ed il coinvolgimento di "
            "più soggetti significativi; 2. Avviare all’interno delle istituzioni una maggiore "
            "consapevolezza in merito alla centralità della persona e all’importanza di una "
            "presa in carico unitaria e globale del soggetto."
        ),
        expected_results=(
            "Aumentare negli operatori la consapevolezza in merito alle connessioni tra le "
            "dimensioni culturali, organizzative e di cura, in modo da giungere "
            "all’individuazione di riferimenti unici che possano svolgere funzioni di "
            "accompagnamento nei confronti delle persone anziane in difficoltà.",
        ),
        actors=(
            "Gli operatori che si occupano dei soggetti anziani, le associazioni di categoria, "
            "le organizzazioni di volontariato, le realtà istituzionali del settore e gli "
            "stessi cittadini."
        ),
        operating_mode=(
            "Una serie di eventi ed iniziative a livello comunale, sovracomunale e distrettuale, "
            "finalizzati a sensibilizzare e divulgare un nuovo approccio culturale."
        ),
        actions=(
            ActionSeed(
                code="C.4.1",
                title="Eventi e iniziative per una nuova visione della condizione anziana",
                kind="coordination",  # placement in the OCR'd figure, see FIGURE_GROUPS
                description=(
                    "Convegni, incontri di sensibilizzazione, percorsi formativi, interventi a "
                    "supporto dell’associazionismo, a livello comunale, sovracomunale e "
                    "distrettuale."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.5",
        title="Valorizzazione della famiglia quale risorsa socio educativa",
        priority="azione prioritaria",
        objective=(
            "1. Promuovere interventi ed attivare servizi di supporto a nuclei familiari in "
            "difficoltà, di sostegno ed accompagnamento all’esperienza genitoriale, di "
            "rafforzamento della relazione genitori-figli; 2. Promuovere e sostenere la "
            "fruizione di interventi e servizi da parte delle famiglie, anche attraverso la "
            "creazione di un sistema di accreditamento e voucherizzazione."
        ),
        expected_results=(
            "Rafforzare nei genitori la fiducia di saper comprendere ed educare i propri figli.",
            "Accrescere la consapevolezza del proprio benessere/malessere e della possibilità "
            "di chiedere aiuto.",
            "Offrire occasioni per la partecipazione dei genitori ad attività da svolgersi "
            "insieme ai propri figli.",
            "Accrescere la partecipazione di minori diversamente abili e/o in situazioni di "
            "disagio alle proposte ricreative ed educative offerte dal territorio.",
            "Creare una rete tra i soggetti operanti a favore delle famiglie.",
        ),
        actors=(
            "In primo luogo le famiglie; in secondo luogo gli operatori, sia del pubblico che "
            "del privato sociale."
        ),
        operating_mode=(
            "Interventi che troveranno attuazione a partire dal primo anno di attività, anche "
            "attraverso finanziamenti connessi a specifiche progettualità."
        ),
        actions=(
            ActionSeed(
                code="C.5.1",
                title="Corsi di formazione e gruppi di auto-mutuo aiuto per genitori",
                kind="coordination",
                description=(
                    "Corsi di formazione e gruppi di confronto e auto-mutuo aiuto per genitori "
                    "con figli di diverse età."
                ),
            ),
            ActionSeed(
                code="C.5.2",
                title="Servizi di counseling",
                kind="coordination",
                description="Attivare servizi di counseling.",
            ),
            ActionSeed(
                code="C.5.3",
                title="Coordinamento dei “centri di ascolto”",
                kind="coordination",
                description="Avviare un coordinamento dei “centri di ascolto” del territorio.",
            ),
            ActionSeed(
                code="C.5.4",
                title="Laboratori per genitori e figli",
                kind="coordination",
                description=(
                    "Laboratori per genitori e figli, con particolare riferimento alla prima e "
                    "alla seconda infanzia."
                ),
            ),
            ActionSeed(
                code="C.5.5",
                title="Servizi di accoglienza flessibile per la prima infanzia",
                kind="coordination",
                description="Servizi di accoglienza flessibile quali ludoteche e spazi giochi.",
            ),
            ActionSeed(
                code="C.5.6",
                title="Sostegno all’associazionismo familiare",
                kind="coordination",
                description="Sostegno all’associazionismo familiare.",
            ),
            ActionSeed(
                code="C.5.7",
                title="Interventi di sollievo",
                kind="coordination",
                description=(
                    "“Interventi di sollievo” in fasi particolari di vita familiare (presenza "
                    "di un neonato, di un anziano, di un diversamente abile)."
                ),
            ),
            ActionSeed(
                code="C.5.8",
                title="Accreditamento di assistenti familiari e titoli di acquisto",
                kind="coordination",
                description=(
                    "Accreditare assistenti familiari (baby sitter, badanti, assistenti ai "
                    "portatori di handicap) con Registri Comunali, e definire buoni, voucher e "
                    "titoli di acquisto."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.6",
        title="Riorganizzazione del Servizio di Assistenza Domiciliare Minori",
        priority="azione prioritaria",
        objective=(
            "1. Rafforzare la collaborazione con il Servizio Sociale di Base e con il Servizio "
            "Distrettuale Tutela Minori; 2. Regolamentare, a livello distrettuale, le modalità "
            "di “presa in carico” delle situazioni; 3. Potenziare la collaborazione con agenzie "
            "educative territoriali (C.A.G., Oratori, Associazioni Sportive ...)."
        ),
        expected_results=(
            "Stendere un modello di regolamento distrettuale del Servizio ADM.",
            "Uniformare le procedure di intervento.",
            "Accrescere le competenze degli operatori.",
            "Estendere modelli di convenzione/protocollo con agenzie educative territoriali per "
            "la fruizione di opportunità ricreative/aggregative/formative.",
        ),
        actors=(
            "In primo luogo gli Educatori Professionali, in stretta connessione con gli "
            "Assistenti Sociali del Servizio Sociale di base; in secondo luogo le agenzie "
            "educative territoriali e le realtà di privato sociale."
        ),
        operating_mode=(
            "Gli operatori si interrogano sulla propria esperienza professionale e "
            "sull’evoluzione del bisogno; da qui l’équipe distrettuale, la formazione, i "
            "criteri condivisi, la mappatura delle risorse e gli accordi con le agenzie "
            "educative."
        ),
        actions=(
            ActionSeed(
                code="C.6.1",
                title="Équipe di lavoro “stabile” a livello distrettuale",
                kind="service",
                description="Costituire un’équipe di lavoro “stabile” a livello distrettuale.",
            ),
            ActionSeed(
                code="C.6.2",
                title="Percorsi di formazione per operatori ADM",
                kind="service",
                description="Attivare percorsi di formazione per operatori ADM.",
            ),
            ActionSeed(
                code="C.6.3",
                title="Criteri e norme condivise",
                kind="service",
                description=(
                    "Formalizzare criteri e norme condivise con il Servizio Sociale di Base e "
                    "con il Servizio Distrettuale Tutela Minori."
                ),
            ),
            ActionSeed(
                code="C.6.4",
                title="Mappatura delle risorse del territorio",
                kind="service",
                description=(
                    "Realizzare una mappatura e valutare le risorse e le proposte "
                    "ricreative/aggregative/formative offerte dal territorio."
                ),
            ),
            ActionSeed(
                code="C.6.5",
                title="Collaborazione con le agenzie educative territoriali",
                kind="service",
                description=(
                    "Definire e formalizzare i rapporti di collaborazione con le agenzie "
                    "educative territoriali (C.A.G., Oratori, Associazioni Sportive)."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="C.7",
        title="Costituzione del Servizio Distrettuale Affidi",
        priority="azione prioritaria",
        # Numbers 2-5 are garbled by the OCR ("g AN W N"); restored in printed order.
        objective=(
            "1. Assicurare la tutela e la cura del minore laddove la famiglia non è in grado di "
            "provvedere alla sua crescita ed educazione, individuando adeguate soluzioni di "
            "accoglienza; 2. Aumentare il numero di potenziali famiglie affidatarie; "
            "3. Sostenere le famiglie già affidatarie; 4. Sviluppare forme innovative di "
            "affido; 5. Collaborare con agenzie, istituzioni e associazioni che sul territorio "
            "si occupano di affido."
        ),
        # Prose only in the seed: first sentence of each paragraph.
        expected_results=(
            "L’avvio di un processo di trasformazione culturale, nei termini di aumento di "
            "disponibilità all’accoglienza e quindi all’affido.",
            "La costituzione di un “Servizio Distrettuale Affidi” che, in collaborazione con "
            "gli operatori dell’Azienda Sanitaria Locale, si occupi del reperimento, della "
            "conoscenza, dell’accompagnamento e della preparazione delle famiglie affidatarie.",
            "Diffondere l’informazione sulle problematiche dell’affidamento e promuovere una "
            "campagna di sensibilizzazione e di promozione dell’affido.",
        ),
        actors=(
            "In primo luogo le famiglie; in secondo luogo gli operatori qualificati e di "
            "comprovata esperienza."
        ),
        operating_mode=(
            "Costituire, già dal primo anno, un’équipe distrettuale “affidi” che promuova "
            "campagne informative e di sensibilizzazione e formi e accompagni alla scelta le "
            "famiglie affidatarie."
        ),
        actions=(
            ActionSeed(
                code="C.7.1",
                title="Équipe distrettuale “affidi”",
                kind="service",
                description=(
                    "Équipe che promuove campagne informative e di sensibilizzazione e forma e "
                    "accompagna alla scelta le famiglie affidatarie."
                ),
            ),
            ActionSeed(
                code="C.7.2",
                title="Banca dati",
                kind="service",
                description="Creare una banca dati.",
            ),
            ActionSeed(
                code="C.7.3",
                title="Consulenza e supporto alle famiglie affidatarie",
                kind="service",
                description=(
                    "Attivare un servizio di consulenza e supporto attivo per famiglie affidatarie."
                ),
            ),
            ActionSeed(
                code="C.7.4",
                title="Gruppi di auto mutuo aiuto",
                kind="service",
                description="Avviare gruppi di auto mutuo aiuto.",
            ),
            ActionSeed(
                code="C.7.5",
                title="Affidi “parziali”",
                kind="service",
                description="Sperimentare affidi “parziali” (diurni, estivi ...).",
            ),
            ActionSeed(
                code="C.7.6",
                title="Rete tra agenzie e comunità",
                kind="service",
                description=(
                    "Costituire una rete tra agenzie/comunità che sul territorio si occupano di "
                    "affido."
                ),
            ),
            ActionSeed(
                code="C.7.7",
                title="Albo delle famiglie affidatarie",
                kind="service",
                description="Istituire un “albo delle famiglie affidatarie”.",
            ),
            ActionSeed(
                code="C.7.8",
                title="Tavolo permanente di confronto sull’affido",
                kind="service",
                description=(
                    "Creare un tavolo permanente di confronto con agenzie, istituzioni, "
                    "associazioni familiari che si occupano di affido."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="D.1",
        title="Coordinamento della rete dei servizi e delle unità di offerta",
        priority="",
        objective=(
            "La costruzione di nuove modalità relazionali che permettano: 1. un pieno esercizio "
            "da parte degli enti locali del proprio ruolo di soggetti titolari del sistema dei "
            "servizi alla persona; 2. un riconoscimento del ruolo dei soggetti gestori di "
            "servizi come co-programmatori di un sistema di offerta articolato."
        ),
        expected_results=(
            "Analizzare in modo congiunto il sistema di offerta in relazione a specifici target.",
            "Promuovere spazi di conoscenza e di valorizzazione delle tipicità e delle "
            "caratteristiche salienti dei diversi soggetti in campo.",
            "Affrontare insieme nuove questioni di rilevanza organizzativa e gestionale in "
            "funzione di nuovi scenari distrettuali.",
            "Condividere e sviluppare ipotesi progettuali e azioni di differenziazione e "
            "ampliamento della gamma delle unità di offerta.",
            "Definire modalità e strumenti omogenei di lavoro in funzione di esigenze comuni e "
            "spazi di intervento trasversali a più enti gestori.",
        ),
        actors=(
            "Gli Enti locali e gli enti gestori di unità di offerta: CSE, CDD, comunità alloggio "
            "per disabili (CSS) e per minori, CAG, servizi per minori, Centri Diurni Integrati "
            "per anziani e RSA."
        ),
        operating_mode="L’attivazione di tre coordinamenti degli enti gestori, per target.",
        actions=(
            ActionSeed(
                code="D.1.1",
                title="Coordinamento Handicap",
                kind="coordination",
                description=(
                    "Rivolto in modo specifico a enti gestori di servizi diurni, "
                    "semiresidenziali e residenziali presenti nel territorio."
                ),
            ),
            ActionSeed(
                code="D.1.2",
                title="Coordinamento Minori",
                kind="coordination",
                description=(
                    "Aperto ai soggetti impegnati nella gestione di soluzioni diurne e "
                    "residenziali quali Centri di Aggregazione Giovanile, Comunità Familiari, "
                    "Comunità alloggio Minori."
                ),
            ),
            ActionSeed(
                code="D.1.3",
                title="Coordinamento Anziani",
                kind="coordination",
                description=(
                    "Indirizzato in modo particolare agli enti gestori di unità di offerta quali "
                    "le RSA, i CDI."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="D.2",
        title="Attivazione di reti di comunità per la promozione e la prevenzione",
        priority="",
        objective=(
            "La definizione di modelli operativi che individuino i ruoli e le funzioni dei "
            "diversi soggetti all’interno della comunità, anche mediante l’attivazione di spazi "
            "istituzionali di confronto e di coordinamento per la definizione congiunta delle "
            "linee di intervento."
        ),
        expected_results=(
            "Creare canali comunicativi consolidati e permanenti.",
            "Sperimentare azioni ed interventi frutto di accordi e di condivisione di "
            "competenze, esperienze e ricchezze provenienti dai soggetti che compongono la "
            "realtà locale.",
            "Promuovere opportunità grazie alle quali i ragazzi, gli adolescenti ed i giovani "
            "possano incrementare la loro capacità di gestire e di risolvere le situazioni di "
            "difficoltà e di crisi.",
        ),
        actors=(
            "Il referente politico della comunità (l’operatore come supporto); realtà "
            "parrocchiali, istituzioni scolastiche, società sportive, associazioni culturali e "
            "del tempo libero; realtà imprenditoriali, organizzazioni sindacali, associazioni "
            "di categoria; i giovani."
        ),
        operating_mode=(
            "Confronto politico e coordinamento distrettuale tra enti, istituzioni pubbliche e "
            "privato sociale; spazi di confronto locali tra Scuola, Comune, Associazionismo, "
            "Parrocchia, Realtà Sportive."
        ),
        actions=(
            ActionSeed(
                code="D.2.1",
                title="Coordinamento distrettuale delle reti di comunità",
                kind="coordination",
                description=(
                    "Attivo confronto politico e coordinamento a livello distrettuale tra enti, "
                    "istituzioni pubbliche e realtà del privato sociale, per una programmazione "
                    "e progettazione unitaria degli interventi."
                ),
            ),
            ActionSeed(
                code="D.2.2",
                title="Spazi locali di confronto e di coordinamento",
                kind="coordination",
                description=(
                    "Spazi di confronto e di coordinamento a livello di comune o di quartiere "
                    "tra Scuola, Comune, Associazionismo, Parrocchia, Realtà Sportive su temi di "
                    "interesse comune."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="D.3",
        title=(
            "Promozione, sostegno e valorizzazione delle risorse attive per l’integrazione sociale"
        ),
        priority="",
        objective=(
            "Promuovere interventi diretti e al contempo sostenere le realtà della comunità "
            "locale che operano per l’integrazione sociale dei soggetti a rischio di "
            "emarginazione."
        ),
        # Bullets printed under three sub-headings; the sub-heading is kept as a prefix.
        expected_results=(
            "Prima accoglienza: promuovere occasioni di confronto tra le realtà "
            "dell’associazionismo e del volontariato per favorire il consolidamento di "
            "modalità di intervento a partire da linguaggi e letture del bisogno condivise.",
            "Prima accoglienza: attivare e/o sostenere strutture e soluzioni innovative in "
            "grado di rispondere alle circostanze di emergenza sociale.",
            "Prima accoglienza: introdurre una prospettiva di auto-promozione, per evitare "
            "dipendenze o ricadute.",
            "Housing sociale: potenziare l’offerta di risorse abitative, attraverso nuovi "
            "strumenti operativi e il coinvolgimento di nuovi attori rilevanti.",
            "Housing sociale: superare il carattere di urgenza e di emergenza del bisogno "
            "abitativo.",
            "Housing sociale: sperimentare modelli operativi che coinvolgano in maniera "
            "integrata e congiunta i servizi territoriali.",
            "Housing sociale: ridurre il rischio di esclusione sociale che può derivare dal "
            "mancato trattamento della questione casa.",
            "Inserimento lavorativo: favorire e sviluppare una nuova cultura aziendale "
            "orientata ad atteggiamenti di accoglienza e di integrazione.",
            "Inserimento lavorativo: aumentare la conoscenza dell’inserimento lavorativo ai "
            "diversi livelli (politico, operativo, mondo del lavoro, utenza).",
            "Inserimento lavorativo: progettare e realizzare percorsi personalizzati "
            "all’interno di un progetto integrato.",
            "Inserimento lavorativo: uniformare e normare l’attività attraverso un regolamento "
            "unitario distrettuale.",
            "Inserimento lavorativo: formalizzare gli accordi con l’amministrazione "
            "provinciale e creare un coordinamento provinciale delle realtà che si occupano di "
            "inserimento lavorativo.",
        ),
        actors="",  # §D.3 has no "Attori coinvolti" paragraph
        operating_mode=(
            "Rete di strutture di accoglienza, gruppo di coordinamento e protocolli comuni per "
            "la prima accoglienza; alloggi dedicati, canone concordato, soluzioni temporanee e "
            "fondo di garanzia per l’housing; coordinamento e percorsi sperimentali per "
            "l’inserimento lavorativo."
        ),
        # The three "ambiti di azione" named in the "Descrizione".
        actions=(
            ActionSeed(
                code="D.3.1",
                title="Prima Accoglienza",
                kind="coordination",
                description=(
                    "Promuovere e sostenere le azioni di raccordo tra le realtà territoriali "
                    "operanti nell’area della prima accoglienza di soggetti emarginati in "
                    "condizioni di disagio personale e socio-economico."
                ),
            ),
            ActionSeed(
                code="D.3.2",
                title="Housing sociale",
                kind="coordination",
                description=(
                    "Un sistema integrato di interventi volti ad affrontare la questione “casa” "
                    "attivando percorsi di autonomia ed emancipazione."
                ),
            ),
            ActionSeed(
                code="D.3.3",
                title="Inserimento lavorativo",
                kind="coordination",
                description=(
                    "Il Servizio Distrettuale Inserimento Lavorativo coinvolge, oltre "
                    "all’utenza e agli operatori, il terzo settore (cooperazione sociale), il "
                    "mondo del lavoro e le realtà istituzionali."
                ),
            ),
        ),
    ),
    # §E.1 and §E.2 have no "Obiettivo", "Risultati attesi", "Attori coinvolti" or
    # "Modalità operative" headings: the fields below come from the section prose.
    AxisSeed(
        code="E.1",
        title="Le procedure di accreditamento",
        priority="",
        objective=(
            "Arrivare alla definizione di un modello operativo per la gestione delle funzioni "
            "di autorizzazione al funzionamento ed accreditamento delle strutture "
            "socio-assistenziali del distretto cremasco."
        ),
        expected_results=(
            "Al termine del secondo triennio, la piena realizzazione del sistema di "
            "accreditamento e di voucherizzazione dei servizi, in particolare relativo alle "
            "forme di intervento domiciliare.",
        ),
        actors="",  # not printed as such
        operating_mode=(
            "Accordi con la Provincia di Cremona, coordinamento con i distretti di Cremona e "
            "Casalmaggiore, requisiti di accreditamento sulla base dei criteri regionali."
        ),
        actions=(
            ActionSeed(
                code="E.1.1",
                title="Accordi con la Provincia di Cremona",
                kind="system",
                description=(
                    "Stipulazione di accordi con la Provincia di Cremona, resasi disponibile per "
                    "l’anno 2006 a supportare i distretti nell’assunzione delle nuove funzioni."
                ),
            ),
            ActionSeed(
                code="E.1.2",
                title="Sportello unico provinciale",
                kind="system",
                description=(
                    "Confronto politico e coordinamento con i distretti di Cremona e "
                    "Casalmaggiore per la definizione di uno sportello unico provinciale per la "
                    "gestione delle nuove funzioni."
                ),
            ),
            ActionSeed(
                code="E.1.3",
                title="Requisiti di accreditamento",
                kind="system",
                description=(
                    "Definizione dei requisiti di accreditamento per le strutture del distretto "
                    "cremasco sulla base dei criteri regionali in vigore."
                ),
            ),
        ),
    ),
    AxisSeed(
        code="E.2",
        title="Gli interventi per la formazione",
        priority="",
        objective=(
            "Rispondere in modo puntuale ai bisogni di aggiornamento emergenti con "
            "l’implementazione del Piano di Zona."
        ),
        expected_results=(),  # none printed
        actors=(
            "La componente politica degli amministratori locali e gli operatori dei diversi "
            "enti erogatori."
        ),
        operating_mode=(
            "Azioni di formazione, attività di approfondimento seminariale e accompagnamento "
            "consulenziale."
        ),
        actions=(
            ActionSeed(
                code="E.2.1",
                title="Azioni di formazione",
                kind="system",
                description=(
                    "Attività modulari e tematiche, rivolte in modo particolare a soggetti che "
                    "rivestono un ruolo di rappresentanza e/o di coordinamento distrettuale."
                ),
            ),
            ActionSeed(
                code="E.2.2",
                title="Attività di approfondimento seminariale",
                kind="system",
                description=(
                    "Rivolte a gruppi più allargati, per favorire la diffusione di competenze "
                    "specifiche per la gestione delle attività previste dal Piano di Zona."
                ),
            ),
            ActionSeed(
                code="E.2.3",
                title="Accompagnamento consulenziale",
                kind="system",
                description=(
                    "Supporto tecnico ed operativo sul territorio per la costruzione, "
                    "sperimentazione e implementazione di nuovi strumenti di lavoro e buone "
                    "pratiche."
                ),
            ),
        ),
    ),
)

# --- §B.2 --------------------------------------------------------------------------------

# Note 1 gives the participation formula with placeholders X, Y, Z and no figures, so the
# three percentages are empty.
SOLIDARITY_FUND = {
    "text": (
        "Costituzione di un fondo di solidarietà esteso, oltre agli attuali servizi di Tutela "
        "Minori e di Inserimento Lavorativo, anche ad altri servizi, con particolare "
        "attenzione ai servizi diurni e residenziali per soggetti portatori di handicap e ai "
        "servizi domiciliari, diurni e residenziali per anziani. Si rende necessaria una "
        "riformulazione degli elementi caratterizzanti l’attuale Fondo di solidarietà."
    ),
    "interventions": (
        "Riformulare il sistema di partecipazione al fondo.",
        "Attivare procedure di regolamentazione distrettuale come fondamento alla "
        "partecipazione al fondo.",
        "Estendere la valorizzazione del fondo da singoli servizi, ad aree di intervento (ad "
        "esempio: integrazione soggetti deboli nel mondo del lavoro e della scuola, interventi "
        "diurni e semiresidenziali, interventi residenziali ...).",
        "Utilizzare il fondo quale volano per l’unitarietà, in relazione a situazioni di "
        "affanno e di limitata motivazione rispetto al singolo comune.",
    ),
    "formula": (
        "Riformulare il sistema di partecipazione che tenga conto di una composizione "
        "maggiormente articolata rispetto all’attuale. Ad esempio si può ipotizzare una quota "
        "composta da un X % sulla base del valore pro-capite, da un Y % sulla base di un "
        "valore pro-utenza potenziale ed un Z % sulla base di un valore pro-utenza reale."
    ),
    "per_capita_pct": "",  # "X %" in the seed
    "potential_users_pct": "",  # "Y %" in the seed
    "actual_users_pct": "",  # "Z %" in the seed
    "note_2": (
        "Possibili ambiti di estensione del fondo: avvio del ruolo di coordinamento "
        "dell’Ufficio di Piano nell’ambito delle unità di offerta per l’area handicap (CSE, "
        "CDD, ma rilevante anche per CSS e servizi “ausiliari”); avvio dell’accordo di "
        "programma per l’integrazione scolastica di minori portatori di handicap; nuova "
        "formulazione del sistema di gestione delle liste di attesa per le RSA e "
        "regolamentazione distrettuale della partecipazione comunale alla copertura della "
        "retta per il ricovero in struttura."
    ),
}

# §B.2 "Fondo Nazionale Politiche Sociali": the intended ("tendenziale") split of the FNPS.
FNPS_TARGET_SPLIT = (
    (
        "Servizi di rilevanza distrettuale (Ufficio di Piano, Tutela Minori, Inserimento "
        "Lavorativo, Assistenza Domiciliare Minori, ...) e azioni di formazione, consulenza e "
        "coordinamento",
        "50",
    ),
    ("Riprogettazione dei titoli sociali (voucherizzazione mirata per la domiciliarità)", "50"),
)

# --- §B.3 --------------------------------------------------------------------------------

# Third table of §B.3 ("solo il 30% della spesa sociale è destinata alla produzione diretta
# e reale di servizi"): (form, percent) as printed; amounts (EUR) below.
SPENDING_SPLIT = (
    ("Gestione diretta reale di servizi", "30"),
    ("Trasferimenti per contributi", "18"),
    ("Trasferimenti per acquisti", "52"),
)
SPENDING_SPLIT_AMOUNTS = (
    ("Gestione diretta reale di servizi", "3082826.00"),
    ("Trasferimenti per contributi", "1870232.00"),
    ("Trasferimenti per acquisti", "5444994.00"),
)
SPENDING_TOTAL = "10398052.00"

# All three §B.3 tables ("FORME DI GESTIONE DEI FONDI", EURO, %): (caption, rows of
# (form, amount, percent), printed total).
SPENDING_TABLES = (
    (
        "Forme di gestione dei fondi",
        (
            ("Spesa per produzione diretta di servizi", "4953058.00", "48"),
            ("Spesa trasferita per acquisti, appalti", "5444994.00", "52"),
        ),
        "10398052.00",
    ),
    (
        "Risorse destinate alla produzione diretta",
        (
            ("Diretta Servizi", "3082826.00", "62"),
            ("Diretta Contributi", "1870232.00", "38"),
        ),
        "4953058.00",
    ),
    (
        "Spesa sociale per forma di gestione",
        (
            ("Gestione diretta reale di servizi", "3082826.00", "30"),
            ("Trasferimenti per contributi", "1870232.00", "18"),
            ("Trasferimenti per acquisti", "5444994.00", "52"),
        ),
        "10398052.00",
    ),
)

# --- §G.3 --------------------------------------------------------------------------------

# Column headers of the "Possibile Portafoglio Distrettuale" matrices (the last column,
# TOTALE, is kept apart in PORTFOLIO_ROW_TOTALS).
PORTFOLIO_FUNDS = ("FNPS", "Solidarietà", "FSR", "Comuni")

# Row headers in printed order (union over the three years: "Integrazione rette" rows
# appear only in 2007/2008).
PORTFOLIO_AREAS = (
    "Servizio Sociale Professionale",
    "Servizio Assistenza Domiciliare Minori",
    "Servizio Tutela Minori",
    "Servizio Inserimento Lavorativo",
    "Servizio Gestione Liste di Attesa RSA",
    "Progettualità",
    "CSE",
    "Integrazione rette Area disabilità",
    "Integrazione rette Area Anziani",
    "Titoli Sociali Buoni Sociali Mirati",
    "Titoli Sociali Voucher Domiciliarità",
    "Titoli Sociali Voucher Sperimentali",
    "Fondo Natalità",
    "Ufficio di Piano - Ente Gestore",
    "Consulenze e formazione",
)

# The OCR lost the column alignment; each amount's fund column was restored from the
# printed column totals (every column total matches exactly, see check()). Cells printed
# as "€ -" or a bare "€" (CSE/FNPS every year, Voucher Domiciliarità 2006, Integrazione
# rette 2007/2008) are empty and not listed.
_SSP = "Servizio Sociale Professionale"
_ADM = "Servizio Assistenza Domiciliare Minori"
_STM = "Servizio Tutela Minori"
_SIL = "Servizio Inserimento Lavorativo"
_RSA = "Servizio Gestione Liste di Attesa RSA"
_PRO = "Progettualità"
_CSE = "CSE"
_RDI = "Integrazione rette Area disabilità"
_RAN = "Integrazione rette Area Anziani"
_BSM = "Titoli Sociali Buoni Sociali Mirati"
_VDO = "Titoli Sociali Voucher Domiciliarità"
_VSP = "Titoli Sociali Voucher Sperimentali"
_NAT = "Fondo Natalità"
_UDP = "Ufficio di Piano - Ente Gestore"
_CEF = "Consulenze e formazione"

PORTFOLIO: dict[int, tuple[tuple[str, str, str], ...]] = {
    2006: (
        (_SSP, "FNPS", "150000.00"),
        (_ADM, "FNPS", "120000.00"),
        (_STM, "FNPS", "80000.00"),
        (_STM, "Solidarietà", "178000.00"),
        (_STM, "FSR", "294000.00"),
        (_STM, "Comuni", "145000.00"),
        (_SIL, "FNPS", "43500.00"),
        (_SIL, "Solidarietà", "23250.00"),
        (_SIL, "FSR", "28350.00"),
        (_SIL, "Comuni", "15000.00"),
        (_RSA, "FNPS", "20000.00"),
        (_PRO, "FNPS", "350000.00"),
        (_CSE, "Solidarietà", "50000.00"),
        (_CSE, "Comuni", "400000.00"),
        (_BSM, "FNPS", "300000.00"),
        (_VSP, "FNPS", "50000.00"),
        (_NAT, "FNPS", "180000.00"),
        (_UDP, "FNPS", "80000.00"),
        (_CEF, "FNPS", "30000.00"),
    ),
    2007: (
        (_SSP, "FNPS", "150000.00"),
        (_ADM, "FNPS", "120000.00"),
        (_STM, "FNPS", "80000.00"),
        (_STM, "Solidarietà", "178000.00"),
        (_STM, "FSR", "294000.00"),
        (_STM, "Comuni", "145000.00"),
        (_SIL, "FNPS", "43500.00"),
        (_SIL, "Solidarietà", "23250.00"),
        (_SIL, "FSR", "28350.00"),
        (_SIL, "Comuni", "15000.00"),
        (_RSA, "FNPS", "20000.00"),
        (_PRO, "FNPS", "350000.00"),
        (_CSE, "Solidarietà", "50000.00"),
        (_CSE, "Comuni", "400000.00"),
        (_RDI, "Comuni", "615000.00"),
        (_BSM, "FNPS", "250000.00"),
        (_VDO, "FNPS", "50000.00"),
        (_VSP, "FNPS", "50000.00"),
        (_NAT, "FNPS", "180000.00"),
        (_UDP, "FNPS", "80000.00"),
        (_CEF, "FNPS", "30000.00"),
    ),
    2008: (
        (_SSP, "FNPS", "150000.00"),
        (_ADM, "FNPS", "120000.00"),
        (_STM, "FNPS", "80000.00"),
        (_STM, "Solidarietà", "178000.00"),
        (_STM, "FSR", "294000.00"),
        (_STM, "Comuni", "145000.00"),
        (_SIL, "FNPS", "43500.00"),
        (_SIL, "Solidarietà", "23250.00"),
        (_SIL, "FSR", "28350.00"),
        (_SIL, "Comuni", "15000.00"),
        (_RSA, "FNPS", "20000.00"),
        (_PRO, "FNPS", "350000.00"),
        (_CSE, "Solidarietà", "50000.00"),
        (_CSE, "Comuni", "400000.00"),
        (_RDI, "Comuni", "615000.00"),
        (_RAN, "Comuni", "1150000.00"),
        (_BSM, "FNPS", "200000.00"),
        (_VDO, "FNPS", "100000.00"),
        (_VSP, "FNPS", "50000.00"),
        (_NAT, "FNPS", "180000.00"),
        (_UDP, "FNPS", "80000.00"),
        (_CEF, "FNPS", "30000.00"),
    ),
}

# Printed TOTALE column (row totals), rows with a non-empty total only.
PORTFOLIO_ROW_TOTALS: dict[int, tuple[tuple[str, str], ...]] = {
    2006: (
        (_SSP, "150000.00"),
        (_ADM, "120000.00"),
        (_STM, "697000.00"),
        (_SIL, "110100.00"),
        (_RSA, "20000.00"),
        (_PRO, "350000.00"),
        (_CSE, "450000.00"),
        (_BSM, "300000.00"),
        (_VSP, "50000.00"),
        (_NAT, "180000.00"),
        (_UDP, "80000.00"),
        (_CEF, "30000.00"),
    ),
    2007: (
        (_SSP, "150000.00"),
        (_ADM, "120000.00"),
        (_STM, "697000.00"),
        (_SIL, "110100.00"),
        (_RSA, "20000.00"),
        (_PRO, "350000.00"),
        (_CSE, "450000.00"),
        (_RDI, "615000.00"),
        (_BSM, "250000.00"),
        (_VDO, "50000.00"),
        (_VSP, "50000.00"),
        (_NAT, "180000.00"),
        (_UDP, "80000.00"),
        (_CEF, "30000.00"),
    ),
    2008: (
        (_SSP, "150000.00"),
        (_ADM, "120000.00"),
        (_STM, "697000.00"),
        (_SIL, "110100.00"),
        (_RSA, "20000.00"),
        (_PRO, "350000.00"),
        (_CSE, "450000.00"),
        (_RDI, "615000.00"),
        (_RAN, "1150000.00"),
        (_BSM, "200000.00"),
        (_VDO, "100000.00"),
        (_VSP, "50000.00"),
        (_NAT, "180000.00"),
        (_UDP, "80000.00"),
        (_CEF, "30000.00"),
    ),
}

# Printed TOTALE row, per fund column.
PORTFOLIO_FUND_TOTALS: dict[int, dict[str, str]] = {
    2006: {
        "FNPS": "1403500.00",
        "Solidarietà": "251250.00",
        "FSR": "322350.00",
        "Comuni": "560000.00",
    },
    2007: {
        "FNPS": "1403500.00",
        "Solidarietà": "251250.00",
        "FSR": "322350.00",
        "Comuni": "1175000.00",
    },
    2008: {
        "FNPS": "1403500.00",
        "Solidarietà": "251250.00",
        "FSR": "322350.00",
        "Comuni": "2325000.00",
    },
}

# Printed grand totals (bottom-right cell of each matrix).
PORTFOLIO_TOTALS = {2006: "2537100.00", 2007: "3152100.00", 2008: "4302100.00"}

# Years whose printed grand total differs from the sum of the printed cells, as
# {year: (printed, computed)}. Empty: every year's cells add up to the printed total.
PORTFOLIO_PRINTED_VS_SUM: dict[int, tuple[str, str]] = {}

# "Ipotesi di impiego del FNPS": (use, column, amount) with columns "2006", "2007", "2008"
# and "2006-2008" (the printed TOTALE column). Amounts in EUR as printed.
FNPS_USE_SHARES = (
    ("Sviluppo Servizi", "2006", "413500.00"),
    ("Sviluppo Servizi", "2007", "413500.00"),
    ("Sviluppo Servizi", "2008", "413500.00"),
    ("Sviluppo Servizi", "2006-2008", "1240500.00"),
    ("Titoli Sociali Buoni Sociali", "2006", "300000.00"),
    ("Titoli Sociali Buoni Sociali", "2007", "250000.00"),
    ("Titoli Sociali Buoni Sociali", "2008", "200000.00"),
    ("Titoli Sociali Buoni Sociali", "2006-2008", "750000.00"),
    ("Titoli Sociali VOUCHER", "2006", "50000.00"),
    ("Titoli Sociali VOUCHER", "2007", "100000.00"),
    ("Titoli Sociali VOUCHER", "2008", "150000.00"),
    ("Titoli Sociali VOUCHER", "2006-2008", "300000.00"),
    ("Titoli Sociali Fondo Natalità", "2006", "180000.00"),
    ("Titoli Sociali Fondo Natalità", "2007", "180000.00"),
    ("Titoli Sociali Fondo Natalità", "2008", "180000.00"),
    ("Titoli Sociali Fondo Natalità", "2006-2008", "540000.00"),
    ("Progettualità", "2006", "350000.00"),
    ("Progettualità", "2007", "350000.00"),
    ("Progettualità", "2008", "350000.00"),
    ("Progettualità", "2006-2008", "1050000.00"),
    ("Azioni di sistema", "2006", "110000.00"),
    ("Azioni di sistema", "2007", "110000.00"),
    ("Azioni di sistema", "2008", "110000.00"),
    ("Azioni di sistema", "2006-2008", "330000.00"),
)
# The table's unlabelled total row.
FNPS_USE_TOTALS = {
    "2006": "1403500.00",
    "2007": "1403500.00",
    "2008": "1403500.00",
    "2006-2008": "4210500.00",
}

# The two pie charts after the table: chart title -> ((use, percent), ...) as printed.
# In the second chart "Sviluppo Servizi" is printed as 40 although 1240500/3160500 is 39.25
# (rounded so that the slices add up to 100); kept as printed.
FNPS_USE_PERCENTS = {
    "Percentuali di utilizzo nel triennio del FNPS comprensivo delle ex leggi di settore": (
        ("Sviluppo Servizi", "29"),
        ("Titoli Sociali Buoni Sociali", "18"),
        ("Titoli Sociali VOUCHER", "7"),
        ("Titoli Sociali Fondo Natalità", "13"),
        ("Progettualità", "25"),
        ("Azioni di sistema", "8"),
    ),
    "Percentuali di utilizzo nel triennio del FNPS senza considerare le progettualità": (
        ("Sviluppo Servizi", "40"),
        ("Titoli Sociali Buoni Sociali", "24"),
        ("Titoli Sociali VOUCHER", "9"),
        ("Titoli Sociali Fondo Natalità", "17"),
        ("Azioni di sistema", "10"),
    ),
}

# "Titoli Sociali" pie charts per year: only one slice label per chart survives the OCR
# (57%, 47%, 38%); it matches Buoni Sociali / (Buoni + VOUCHER + Fondo Natalità) of the
# table above, so it is attributed to "Titoli Sociali Buoni Sociali". Other slices are lost.
TITOLI_SOCIALI_BUONI_PERCENTS = {"2006": "57", "2007": "47", "2008": "38"}


# --- checks ------------------------------------------------------------------------------

_KINDS = {"", "process", "service", "coordination", "system"}


def _dec(value: str, where: str, problems: list[str]) -> Decimal | None:
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        problems.append(f"{where}: {value!r} is not a decimal")
        return None


def check() -> list[str]:
    """Return the problems found in the data above ([] when consistent)."""
    problems: list[str] = []

    axis_codes = [axis.code for axis in AXES]
    if len(axis_codes) != len(set(axis_codes)):
        problems.append("duplicate axis codes")
    action_codes: list[str] = []
    for axis in AXES:
        if not axis.title:
            problems.append(f"{axis.code}: empty title")
        for action in axis.actions:
            action_codes.append(action.code)
            if not action.code.startswith(axis.code + "."):
                problems.append(f"{action.code}: not under axis {axis.code}")
            if action.kind not in _KINDS:
                problems.append(f"{action.code}: unknown kind {action.kind!r}")
            if not action.title:
                problems.append(f"{action.code}: empty title")
    if len(action_codes) != len(set(action_codes)):
        problems.append("duplicate action codes")
    for group, codes in FIGURE_GROUPS.items():
        problems += [f"figure {group}: unknown axis {c}" for c in codes if c not in axis_codes]

    for key in ("per_capita_pct", "potential_users_pct", "actual_users_pct"):
        if SOLIDARITY_FUND[key]:
            _dec(SOLIDARITY_FUND[key], f"SOLIDARITY_FUND[{key}]", problems)

    pct = [_dec(p, "FNPS_TARGET_SPLIT", problems) for _, p in FNPS_TARGET_SPLIT]
    if None not in pct and sum(pct) != 100:
        problems.append("FNPS_TARGET_SPLIT does not add up to 100")

    pct = [_dec(p, "SPENDING_SPLIT", problems) for _, p in SPENDING_SPLIT]
    if None not in pct and sum(pct) != 100:
        problems.append("SPENDING_SPLIT does not add up to 100")
    amounts = [_dec(a, "SPENDING_SPLIT_AMOUNTS", problems) for _, a in SPENDING_SPLIT_AMOUNTS]
    total = _dec(SPENDING_TOTAL, "SPENDING_TOTAL", problems)
    if None not in amounts and total is not None and sum(amounts) != total:
        problems.append("SPENDING_SPLIT_AMOUNTS do not add up to SPENDING_TOTAL")
    if [f for f, _ in SPENDING_SPLIT] != [f for f, _ in SPENDING_SPLIT_AMOUNTS]:
        problems.append("SPENDING_SPLIT and SPENDING_SPLIT_AMOUNTS rows differ")
    for caption, rows, printed in SPENDING_TABLES:
        amounts = [_dec(a, caption, problems) for _, a, _ in rows]
        pct = [_dec(p, caption, problems) for _, _, p in rows]
        total = _dec(printed, caption, problems)
        if None not in amounts and total is not None and sum(amounts) != total:
            problems.append(f"{caption}: amounts do not add up to {printed}")
        if None not in pct and sum(pct) != 100:
            problems.append(f"{caption}: percentages do not add up to 100")

    for year, cells in PORTFOLIO.items():
        seen: set[tuple[str, str]] = set()
        by_fund: dict[str, Decimal] = {}
        by_area: dict[str, Decimal] = {}
        for area, fund, amount in cells:
            if area not in PORTFOLIO_AREAS:
                problems.append(f"{year}: unknown area {area!r}")
            if fund not in PORTFOLIO_FUNDS:
                problems.append(f"{year}: unknown fund {fund!r}")
            if (area, fund) in seen:
                problems.append(f"{year}: duplicate cell {area} / {fund}")
            seen.add((area, fund))
            value = _dec(amount, f"{year} {area} / {fund}", problems)
            if value is not None:
                by_fund[fund] = by_fund.get(fund, Decimal(0)) + value
                by_area[area] = by_area.get(area, Decimal(0)) + value
        computed = sum(by_fund.values(), Decimal(0))
        printed = _dec(PORTFOLIO_TOTALS.get(year, ""), f"{year} total", problems)
        if printed is not None and printed != computed and year not in PORTFOLIO_PRINTED_VS_SUM:
            problems.append(f"{year}: cells add up to {computed}, printed total {printed}")
        for fund, amount in PORTFOLIO_FUND_TOTALS.get(year, {}).items():
            value = _dec(amount, f"{year} {fund} total", problems)
            if value is not None and value != by_fund.get(fund, Decimal(0)):
                problems.append(f"{year}: {fund} column does not add up to {amount}")
        row_totals = dict(PORTFOLIO_ROW_TOTALS.get(year, ()))
        if set(row_totals) != set(by_area):
            problems.append(f"{year}: row totals and cells cover different areas")
        for area, amount in row_totals.items():
            value = _dec(amount, f"{year} {area} total", problems)
            if value is not None and value != by_area.get(area, Decimal(0)):
                problems.append(f"{year}: {area} row does not add up to {amount}")
    if set(PORTFOLIO) != set(PORTFOLIO_TOTALS):
        problems.append("PORTFOLIO and PORTFOLIO_TOTALS cover different years")

    columns: dict[str, Decimal] = {}
    per_use: dict[str, dict[str, Decimal]] = {}
    for use, column, amount in FNPS_USE_SHARES:
        value = _dec(amount, f"FNPS use {use} {column}", problems)
        if value is None:
            continue
        columns[column] = columns.get(column, Decimal(0)) + value
        per_use.setdefault(use, {})[column] = value
    for column, amount in FNPS_USE_TOTALS.items():
        value = _dec(amount, f"FNPS use total {column}", problems)
        if value is not None and value != columns.get(column):
            problems.append(f"FNPS use column {column} does not add up to {amount}")
    for use, values in per_use.items():
        years = sum((v for c, v in values.items() if c != "2006-2008"), Decimal(0))
        if values.get("2006-2008") != years:
            problems.append(f"FNPS use {use}: years do not add up to the triennial total")
    for year in PORTFOLIO:
        fnps = PORTFOLIO_FUND_TOTALS[year]["FNPS"]
        if FNPS_USE_TOTALS.get(str(year)) != fnps:
            problems.append(f"{year}: FNPS use total differs from the portfolio FNPS column")
    for title, slices in FNPS_USE_PERCENTS.items():
        pct = [_dec(p, title, problems) for _, p in slices]
        if None not in pct and sum(pct) != 100:
            problems.append(f"{title}: percentages do not add up to 100")
    for year, value in TITOLI_SOCIALI_BUONI_PERCENTS.items():
        _dec(value, f"Titoli Sociali {year}", problems)

    return problems
