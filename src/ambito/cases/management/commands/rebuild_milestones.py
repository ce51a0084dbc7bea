"""`python -m ambito rebuild_milestones [--zone <code>]`: recompute the case milestones the
monitoring reads (cases/milestones.py) from the records, after a bulk load or a restore."""

from ambito.cases import milestones
from ambito.core.rebuild_command import ZoneRebuildCommand


class Command(ZoneRebuildCommand):
    help = (
        "Ricalcola dalle cartelle le tappe del percorso lette dal monitoraggio, per un ambito "
        "o per tutti."
    )
    rebuild = staticmethod(milestones.rebuild)
    event_note = "tappe delle cartelle ricalcolate"
    unit = "cartelle"
