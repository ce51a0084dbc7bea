"""The OpenAPI document is correct and the API keeps its conventions (src/ambito/api.py):
unique readable operation ids, one path per resource, one name per schema, every error code
declared, one list envelope, money as two-decimal strings, and a 500 that is JSON too."""

import json
import logging
import re

import pytest
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from ambito.api import api
from ambito.core.api_schemas import MONEY_PATTERN

pytestmark = pytest.mark.django_db

API = "/api/v1"
ERROR_CODES = {"400", "401", "403", "404", "422"}


@pytest.fixture(scope="module")
def spec():
    # As served: status codes become strings.
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def _operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_has_a_unique_readable_operation_id(spec):
    ids = [operation["operationId"] for _, _, operation in _operations(spec)]
    assert len(ids) == len(set(ids))
    apps = {"territory", "registry", "catalog", "access", "cases", "measures", "emergency"}
    apps |= {"planning", "network", "providers", "monitoring", "jobs"}
    apps |= {"rsa", "fostering", "assistants", "protection", "district"}
    pattern = re.compile(rf"^({'|'.join(sorted(apps))})_[a-z]+_[a-z_]+$")
    assert [i for i in ids if not pattern.match(i)] == []


def test_no_route_is_served_twice(spec):
    # The same method on the same path with other parameter names is the same route.
    routes = [(method, re.sub(r"\{[^}]+\}", "{}", path)) for path, method, _ in _operations(spec)]
    assert len(routes) == len(set(routes))
    assert f"{API}/services" not in spec["paths"]


def _models(annotation, seen):
    """Every pydantic model reachable from an annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
        return
    for argument in getattr(annotation, "__args__", ()):
        _models(argument, seen)


def test_no_two_schemas_share_a_name():
    """ninja names a component after the class: two classes with one name collide silently
    (the second overwrites the first in the document)."""
    seen: set = set()
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models(model, seen)
                for response in operation.response_models.values():
                    if response is not None and hasattr(response, "model_fields"):
                        _models(response.model_fields["response"].annotation, seen)
    by_name: dict[str, set] = {}
    for model in seen:
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    # ninja's own wrappers (query/path/body parameters, the pagination's pages) are per operation
    generated = {"QueryParams", "PathParams", "BodyParams", "FormParams", "FileParams"}
    duplicates = {
        name: sorted(where)
        for name, where in by_name.items()
        if len(where) > 1 and name not in generated and not name.startswith("Paged")
    }
    assert duplicates == {}


def test_every_operation_declares_the_errors_it_may_answer(spec):
    missing = {
        f"{method.upper()} {path}": sorted(ERROR_CODES - set(operation["responses"]))
        for path, method, operation in _operations(spec)
        if ERROR_CODES - set(operation["responses"])
    }
    assert missing == {}


def test_every_list_has_the_one_envelope_with_limit_and_offset(spec):
    lists = []
    for path, method, operation in _operations(spec):
        ok = operation["responses"].get("200") or operation["responses"].get("201")
        schema = ok["content"]["application/json"]["schema"] if "content" in ok else {}
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        assert schema.get("type") != "array", f"{method.upper()} {path} is a bare list"
        if "items" in schema.get("properties", {}):
            lists.append(path)
            assert set(schema["required"]) >= {"count", "next", "items"}, path
            names = {p["name"] for p in operation.get("parameters", [])}
            assert {"limit", "offset"} <= names, path
    assert len(lists) > 30


def test_every_amount_is_declared_as_a_two_decimal_string(spec):
    money_names = {"amount", "allocated", "committed", "paid", "residual", "isee_max", "cost"}
    money_names |= {"value", "total", "planned"}
    checked = 0
    for name, schema in spec["components"]["schemas"].items():
        if not name.endswith("Out"):
            continue
        for field, prop in schema.get("properties", {}).items():
            options = prop.get("anyOf", [prop])
            if field in money_names and any(o.get("pattern") == MONEY_PATTERN for o in options):
                checked += 1
            if any(o.get("type") == "number" for o in options) and field in money_names:
                pytest.fail(f"{name}.{field} is a number, not a two-decimal string")
    assert checked >= 10


def test_a_limit_over_the_maximum_is_a_422_in_italian(client, front_office):
    client.force_login(front_office)
    response = client.get(f"{API}/zones", {"limit": 201})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["query", "limit"], "msg": "Valore troppo grande."}
    ]


def test_an_unexpected_error_is_the_json_envelope_and_logs_no_personal_data(
    client, front_office, monkeypatch, caplog
):
    from ambito.territory import selectors

    def boom(**kwargs):
        raise RuntimeError("Rossi Mario RSSMRA80A01G713X")

    monkeypatch.setattr(selectors, "zone_list", boom)
    client.force_login(front_office)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="ambito.api"):
        response = client.get(f"{API}/zones")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Errore interno: riprova più tardi."}
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged and "list_zones" in logged
    assert "Rossi" not in logged and "RSSMRA" not in logged
