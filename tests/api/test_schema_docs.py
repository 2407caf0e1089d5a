"""
The OpenAPI document explains every operation to a client developer (issue 16 item 7): a description, an example
of each path parameter, of the request body and of the success answer, and the examples match their schemas.

This is the rule for new endpoints: an operation without its entry in the ``OPERATIONS`` of the ``examples.py``
beside its view (``openedx_dcp.api.v1.schema.operation``) fails here, naming the operationId to add.
"""

import copy

import jsonschema
import pytest

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Binary answers are described, not exemplified.
BINARY = ("image/png",)
HOW = ("add it to OPERATIONS in the examples.py beside the view: openedx_dcp.api.v1.schema.operation(description, "
       "parameters=..., request=..., response=...), docs/api.md 'Describing a new endpoint'")


@pytest.fixture
def document(client, db):
    response = client.get("/api/dcp/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _operations(document):
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def _success(operation):
    codes = sorted(code for code in operation["responses"] if code.startswith("2"))
    return codes[0], operation["responses"][codes[0]]


def _json_schema(schema, components, direction):
    """An OpenAPI 3.0 schema as JSON Schema: ``nullable`` as a null type, refs into ``$defs``, and the fields that
    do not travel in this direction (``readOnly`` in a request, ``writeOnly`` in an answer) not required."""
    hidden = "readOnly" if direction == "request" else "writeOnly"

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("properties"), dict) and "required" in node:
            node = {**node, "required": [name for name in node["required"]
                                         if not node["properties"].get(name, {}).get(hidden)]}
        node = {key: convert(value) for key, value in node.items()}
        if "$ref" in node:
            node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
        if "oneOf" in node:  # ``oneOf: [blank, uri]``: without format checks a blank string matches both
            node["anyOf"] = node.pop("oneOf")
        if node.pop("nullable", False):
            node = {"anyOf": [node, {"type": "null"}]}
        return node

    converted = convert(copy.deepcopy(schema))
    converted["$defs"] = {name: convert(copy.deepcopy(value)) for name, value in components.items()}
    return converted


def _examples(content):
    return [example["value"] for example in content.get("examples", {}).values()]


def test_every_operation_has_a_description_and_examples(document):
    problems = []
    operations = list(_operations(document))
    assert len(operations) > 80
    for path, method, operation in operations:
        name = f"{operation['operationId']} ({method.upper()} {path})"
        if len((operation.get("description") or "").strip()) < 20:
            problems.append(f"{name}: no description")
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and "example" not in parameter:
                problems.append(f"{name}: no example of the path parameter {parameter['name']}")
        body = operation.get("requestBody", {}).get("content", {})
        if body and not any(_examples(content) for content in body.values()):
            problems.append(f"{name}: no request example")
        _code, answer = _success(operation)
        content = answer.get("content", {})
        if content and not any(_examples(c) for media, c in content.items() if media not in BINARY):
            if not all(media in BINARY for media in content):
                problems.append(f"{name}: no example of the success answer")
    assert not problems, "\n".join(problems) + "\n\n" + HOW


def test_the_examples_match_their_schemas(document):
    components = document["components"]["schemas"]
    problems = []
    for path, method, operation in _operations(document):
        name = f"{operation['operationId']} ({method.upper()} {path})"
        checks = [("request", media, content)
                  for media, content in operation.get("requestBody", {}).get("content", {}).items()]
        checks += [("response", media, content) for media, content in _success(operation)[1].get("content", {})
                   .items()]
        for direction, media, content in checks:
            if "json" not in media or "schema" not in content:
                continue
            validator = jsonschema.Draft202012Validator(_json_schema(content["schema"], components, direction))
            for value in _examples(content):
                for error in validator.iter_errors(value):
                    problems.append(f"{name} {direction} example ({media}): {error.message} at "
                                    f"{'/'.join(map(str, error.absolute_path))}")
    assert not problems, "\n".join(problems[:40])


def test_a_list_example_shows_the_page_envelope(document):
    """Lists answer pages (``count``, ``next``, ``previous``, ``results``); their examples show one page."""
    answer = document["paths"]["/api/dcp/v1/review/nominations/{id}/reviews/"]["get"]["responses"]["200"]
    page = _examples(answer["content"]["application/json"])[0]
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["results"][0]["username"] and isinstance(page["results"][0]["panelist"], int)


def test_every_text_a_request_takes_has_a_maximum_length(document):
    """Issue 16 item 5: a string in a body or a query states its ``maxLength`` (unless an enum, date, uri...)."""
    components = document["components"]["schemas"]
    unbounded = []

    def walk(schema, where, seen):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(components[name], f"{where}>{name}", seen | {name})
            return
        for key in ("allOf", "oneOf", "anyOf"):
            for branch in schema.get(key, []):
                walk(branch, where, seen)
        for name, prop in schema.get("properties", {}).items():
            if not prop.get("readOnly"):
                walk(prop, f"{where}.{name}", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}.*", seen)
        if schema.get("type") == "array" and "items" in schema:
            walk(schema["items"], f"{where}[]", seen)
        if schema.get("type") == "string" and not {"maxLength", "format", "enum"} & set(schema):
            unbounded.append(where)

    for path, method, operation in _operations(document):
        for media, content in operation.get("requestBody", {}).get("content", {}).items():
            if media == "application/json":
                walk(content["schema"], f"{method.upper()} {path}", set())
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                walk(parameter.get("schema", {}), f"{method.upper()} {path} ?{parameter['name']}", set())
    assert not unbounded, "\n".join(unbounded)
