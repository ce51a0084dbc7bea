"""`python -m ambito observatory_rebuild [--zone <code>]`: recompute the needs observatory's
monthly tallies from the contacts (after a bulk import or a restore)."""

from ambito.access import tally
from ambito.core.rebuild_command import ZoneRebuildCommand


class Command(ZoneRebuildCommand):
    help = (
        "Ricalcola dai singoli accessi i conteggi mensili dell'osservatorio dei bisogni, per un "
        "ambito o per tutti."
    )
    rebuild = staticmethod(tally.rebuild)
    event_note = "osservatorio ricalcolato"
    unit = "righe di conteggio"
