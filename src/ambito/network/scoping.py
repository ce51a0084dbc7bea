"""Who sees what of the third-sector network (DOMAIN §8, §11).

- The plan office and the assembly (`network.view_zone_network`) see the whole zone's network.
- A third-sector operator sees only what their organisation is party to: its adhesions,
  candidatures, commitment records, agreements and questionnaire answers
  (`organisation_party`), the working groups it is a member of and their meetings and
  programmes, the questionnaire rounds sent to it. Another organisation's rows do not exist
  for them (404).
- Zone staff who sit in a working group see that group.
- Area services and shared documents are for the zone's social workers (`read` only).
"""

from django.db.models import Q

from ambito.core.scoping import Grant, organisation_party, visible_related, whole_zone

ZONE_NETWORK = "network.view_zone_network"


def group_member(path: str = "") -> object:
    """Rows of working groups (at `path`) where the user, or the user's organisation, is a
    current member."""
    prefix = f"{path}__" if path else ""

    def rows(user, model) -> Q:
        from .models import GroupMember

        members = GroupMember.objects.filter(left_on__isnull=True)
        if getattr(user, "organisation_id", None):
            members = members.filter(Q(user=user) | Q(organisation_id=user.organisation_id))
        else:
            members = members.filter(user=user)
        return Q(**{f"{prefix}pk__in": members.values("group_id")})

    return rows


def _rounds_sent_to(user):
    from .models import RoundRecipient

    return RoundRecipient.objects.filter(organisation_id=user.organisation_id).values("round_id")


def round_sent(user, model) -> Q:
    """Questionnaire rounds sent to the user's organisation."""
    if getattr(user, "organisation_id", None) is None:
        return Q(pk__in=[])
    return Q(pk__in=_rounds_sent_to(user))


def questionnaire_sent(user, model) -> Q:
    """Questionnaires with a round sent to the user's organisation (a subquery: no row is
    repeated when several rounds were sent)."""
    from .models import QuestionnaireRound

    if getattr(user, "organisation_id", None) is None:
        return Q(pk__in=[])
    rounds = QuestionnaireRound.objects.filter(pk__in=_rounds_sent_to(user))
    return Q(pk__in=rounds.values("questionnaire_id"))


def zone_or_organisation(path: str = "organisation") -> tuple[Grant, Grant]:
    """The plan office sees the zone's rows; anyone else the rows of their organisation."""
    return (Grant(ZONE_NETWORK, whole_zone), Grant(None, organisation_party(path)))


ZONE_OR_OWN_ORGANISATION = zone_or_organisation()
ZONE_OR_GROUP_MEMBER = (Grant(ZONE_NETWORK, whole_zone), Grant(None, group_member()))
ZONE_OR_VISIBLE_GROUP = (Grant(ZONE_NETWORK, whole_zone), Grant(None, visible_related("group")))
ZONE_OR_QUESTIONNAIRE_SENT = (Grant(ZONE_NETWORK, whole_zone), Grant(None, questionnaire_sent))
ZONE_OR_ROUND_SENT = (Grant(ZONE_NETWORK, whole_zone), Grant(None, round_sent))
