"""Literal data drawn from seed 000, the Patto Territoriale of the Articolazione Zonale Piana
di Lucca (zona socio-sanitaria Piana di Lucca, Regione Toscana).

Sections used: the preamble ("PRESO ATTO", "RITENUTO CHE") -> PACT_TITLE, PACT_PARTIES;
"IL DISPOSITIVO DEL PATTO" and the four lines "Linea 1" ... "LINEA 4" -> LINES.

Commitments are transcribed bullet by bullet as printed (spelling slips of the seed such as
"sevizio", "condivisione i rete", "rispondere in problemi" are kept); only whitespace is
normalised and the list separators (trailing ";" or ".") are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PactLineSeed:
    number: int  # 1..4
    title: str  # as in the line's heading
    definition: str  # "Definizione dal Piano Integrato Sociale Regionale 2007 2010" (short)
    mayors_commitments: tuple[str, ...]  # "La Conferenza zonale dei Sindaci si impegna a"
    third_sector_commitments: tuple[str, ...]  # "Le realtà del Terzo Settore ... si impegnano a"


# The seed has no title line: the name is composed from "L’Articolazione Zonale Piana di
# Lucca promuove il Patto Territoriale" (section "RITENUTO CHE").
PACT_TITLE = "Patto Territoriale della Piana di Lucca"

# The list of third-sector signatories is in an "allegato A" that the seed does not include.
PACT_PARTIES = (
    "La Conferenza zonale dei Sindaci (Articolazione zonale Piana di Lucca) e le realtà del "
    "Terzo Settore firmatarie del Patto, indicate nell’allegato A."
)

LINES: tuple[PactLineSeed, ...] = (
    PactLineSeed(
        number=1,
        title="Segretariato Sociale per l’informazione",
        definition=(
            "Segretariato sociale, con compiti di informazione e primo orientamento. Il "
            "segretariato sociale è un servizio gratuito, rivolto a tutte le persone, che dà "
            "informazioni e un primo orientamento sui servizi sociali e assistenziali pubblici "
            "e privati, disponibili sul territorio."
        ),
        mayors_commitments=(
            "Definire il pacchetto informativo sui servizi erogati nonché sulle modalità di "
            "accesso (Carta dei Servizi, e Carta di Cittadinanza)",
            "Prevedere percorsi formativi, a favore dei soggetti che svolgono attività di "
            "segretariato sociale per l’informazione, al fine di ottenere omogeneità e "
            "appropriatezza nelle risposte",
            "Potenziare la rete dei Punti Insieme attivi a partire dal 22 ottobre 2008, per una "
            "maggiore condivisione i rete delle informazioni e consentire una risposta "
            "appropriata e completa al cittadino",
            "Definire un sistema informativo condiviso e/o dialogante a sostegno del "
            "Segretariato Sociale",
        ),
        third_sector_commitments=(
            "Fornire idonea documentazione sui tempi e le risorse dedicate alle attività che "
            "già svolgono, sulle tematiche di informazione e primo orientamento, in modo da "
            "mettere a sistema l’esistente",
            "L’adesione ai percorsi formativi previsti",
            "L’indicazione eventuale delle modalità con cui si intende organizzare il servizio "
            "e eventuali proposte per il miglioramento dello stesso",
            "Contribuire alla creazione di una rete tra le associazioni che condividono la "
            "stessa mission, in funzione di un’ottimizzazione delle risorse impiegate, "
            "materiali e umane, lavorando secondo progettualità condivise e omogenee, che "
            "contribuisca alla riduzione della disparità di accesso ai servizi per i cittadini, "
            "colmando l’asimmetria informativa",
            "Confrontare e mettere a sistema competenze e strumenti nell’analisi dei bisogni "
            "per costruire interventi che possano rispondere in problemi nella loro globalità",
            "Restituire al territorio i risultati raggiunti, come strumento di trasparenza",
        ),
    ),
    PactLineSeed(
        number=2,
        title="Servizio sociale professionale",
        definition=(
            "Servizio sociale professionale, come presidio di base per assicurare quanto "
            "previsto in termini di servizi e di prestazioni dalla L.R. 41/2005."
        ),
        # Printed lead-in: "Conferenza zonale dei Sindaci si impegna Ad una riflessione
        # condivisa dall’Ufficio di Piano, coerentemente agli indirizzi che verranno assunti
        # all’interno del consorzio di prossima realizzazione, sui seguenti punti:"
        mayors_commitments=(
            "Partecipare al monitoraggio previsto dalla Regione Toscana",
            "Assicurare la presenza di assistenti sociali sufficiente allo svolgimento dei "
            "compiti previsti dalla L.R. 41 del 2005, assicurando omogeneità nel territorio, "
            "appropriatezza e sostenibilità del sistema",
            "Assicurare percorsi formativi permanenti ed aggiornamento a favore degli operatori "
            "del sevizio professionale",
            "Assicurare, all’interno del Servizio, modalità operative uniformi attraverso la "
            "predisposizione, insieme all’utente, di progetti personalizzati quali "
            "indispensabili attivatori delle risorse individuali di coloro che accedono ai "
            "servizi",
            "Sviluppare ulteriormente il sistema informativo, anche attraverso la integrazione "
            "con altri sistemi che possano essere di sostegno al Servizio sociale professionale",
            "Promuovere e gestire la collaborazione con organizzazioni di volontariato e del "
            "terzo settore",
            "Assicurare percorsi formativi, a favore dei soggetti che collaborano con il "
            "Servizio sociale professionale al fine di ottenere risposte appropriate",
        ),
        third_sector_commitments=(
            "collaborare con il Servizio sociale professionale, con particolare riferimento "
            "allo svolgimento di attività di sostegno ed aiuto a favore delle persone che "
            "usufruiscono di interventi assistenziali istituzionali",
            "Dare informazione su tempi e risorse dedicate alle attività che già svolgono, in "
            "modo da mettere a sistema l’esistente",
            "Dare L’adesione ai percorsi formativi previsti",
            "Confrontare e mettere a sistema competenze e strumenti nell’analisi dei bisogni "
            "per costruire interventi che possano rispondere in problemi nella loro globalità",
            "Restituire al territorio i risultati raggiunti, come strumento di trasparenza",
        ),
    ),
    PactLineSeed(
        number=3,
        title="Punto Unico di Accesso",
        definition=(
            "Punto unico di accesso, a partire dal modello previsto dalla deliberazione G.R. "
            "402/2004, con l’estensione alle diverse aree di bisogno e tipologie di risposta."
        ),
        mayors_commitments=(
            "Portare a regime la rete dei Punti Insieme e del Punto Unico d’Accesso, "
            "garantendo omogeneità nel territorio e portando a compimento la integrazione fra "
            "servizi sociali e sanitari territoriali, a partire dai percorsi per gli anziani e "
            "allargando progressivamente il Punto Unico a tutte le aree di intervento",
            "Assicurare percorsi formativi permanenti ed aggiornamento a favore degli operatori "
            "dei Punti Insieme e del PUA",
            "Sviluppare ulteriormente il sistema informativo, anche attraverso la integrazione "
            "con altri sistemi che possano essere di sostegno ai Punti Insieme e al PUA",
            "Promuovere e gestire la collaborazione con organizzazioni di volontariato e del "
            "terzo settore a sostegno dell’attività dei Punti Insieme e del PUA",
            "Prevedere percorsi formativi, a favore dei soggetti che intendono collaborare al "
            "sostegno e facilitazione dell’attività dei Punti insieme e del PUA",
        ),
        third_sector_commitments=(
            "Fornire idonea documentazione sui tempi e le risorse dedicate alle attività che "
            "già svolgono, sulle tematiche di informazione e primo orientamento, in modo da "
            "mettere a sistema l’esistente",
            "L’adesione ai percorsi formativi previsti",
            "L’indicazione eventuale delle modalità con cui si intende organizzare il servizio "
            "e eventuali proposte per il miglioramento dello stesso",
            "Contribuire alla creazione di una rete tra le associazioni che condividono la "
            "stessa mission, in funzione di un’ottimizzazione delle risorse impiegate, "
            "materiali e umane, lavorando secondo progettualità condivise e omogenee, che "
            "contribuisca alla riduzione della disparità di accesso ai servizi per i cittadini, "
            "colmando l’asimmetria informativa",
            "Contribuire alla creazione di una centrale unica di ascolto per la prevenzione al "
            "disagio, di supporto e ad integrazione alle infrastrutture istituzionali che "
            "permetta di rispondere tempestivamente e in maniera continuativa, alle richieste "
            "semplici di informazione e assistenza leggera (fragilità), mettendo in "
            "collegamento la domanda dei cittadini con l’offerta dei servizi delle realtà "
            "Terzo Settore",
            "Confrontare e mettere a sistema competenze e strumenti nell’analisi dei bisogni "
            "per costruire interventi che possano rispondere in problemi nella loro globalità",
            "Restituire al territorio i risultati raggiunti, come strumento di trasparenza",
        ),
    ),
    PactLineSeed(
        number=4,
        title="Pronto intervento sociale",
        definition=(
            "Pronto intervento sociale per i casi in cui debbano essere attivati interventi "
            "immediati."
        ),
        mayors_commitments=(
            "Valutare l’attivazione del servizio di Pronto Intervento tenendo conto di quanto "
            "già esistente, ampliandone il raggio di azione",
            "Definire con la Regione le modalità di attivazione del servizio in relazione a "
            "particolari bisogni rilevati (ad es.: problemi dei minori stranieri non "
            "accompagnati, persone vittime della violenza e di episodi traumatici….. )",
            "Prevedere percorsi formativi, a favore dei soggetti che svolgono attività di "
            "Pronto intervento sociale, al fine di ottenere omogeneità e appropriatezza nelle "
            "risposte",
            "Definire un sistema informativo a sostegno del Pronto Intervento Sociale",
        ),
        third_sector_commitments=(
            "Fornire idonea documentazione sui tempi e le risorse dedicate alle attività che "
            "già svolgono, in modo da mettere a sistema l’esistente",
            "Dare l’adesione ai percorsi formativi previsti",
            "Contribuire alla creazione di una rete tra le associazioni che condividono la "
            "stessa mission, in funzione di un’ottimizzazione delle risorse impiegate, "
            "materiali e umane, lavorando secondo progettualità condivise e omogenee, che "
            "contribuisca alla riduzione della disparità di accesso ai servizi per i cittadini, "
            "colmando così l’asimmetria informativa",
            "Confrontare e mettere a sistema competenze e strumenti nell’analisi dei bisogni "
            "per costruire interventi che possano rispondere in problemi nella loro globalità",
            "Restituire al territorio i risultati raggiunti, come strumento di trasparenza",
        ),
    ),
)


def check() -> list[str]:
    """Return the problems found in the data above ([] when consistent)."""
    problems: list[str] = []
    numbers = [line.number for line in LINES]
    if numbers != list(range(1, len(LINES) + 1)):
        problems.append(f"line numbers are not 1..{len(LINES)} in order: {numbers}")
    titles = [line.title for line in LINES]
    if len(titles) != len(set(titles)):
        problems.append("duplicate line titles")
    for line in LINES:
        if not line.title or not line.definition:
            problems.append(f"line {line.number}: empty title or definition")
        for label, items in (
            ("mayors", line.mayors_commitments),
            ("third sector", line.third_sector_commitments),
        ):
            if not items:
                problems.append(f"line {line.number}: no {label} commitments")
            if len(items) != len(set(items)):
                problems.append(f"line {line.number}: duplicate {label} commitments")
            problems += [
                f"line {line.number}: untrimmed {label} commitment {item[:30]!r}"
                for item in items
                if item != item.strip() or "  " in item or item.endswith(";")
            ]
    if not PACT_TITLE or not PACT_PARTIES:
        problems.append("empty PACT_TITLE or PACT_PARTIES")
    return problems
