"""Writes of the third-sector network, one module per concept: `pact` (lines, adhesions),
`candidatures`, `groups` (working groups, meetings, programmes), `commitments`, `agreements`,
`questionnaires`, `coordination` (area services, shared documents). Callers import the module:
`from ambito.network.services import candidatures`."""
