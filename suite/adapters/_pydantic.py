"""The `pydantic-strict` and `pydantic-lax` built-ins: models generated from the structure.

This is what a user who "generates models from the structure" gets: one `BaseModel` per
object type, one `TypeAdapter` per definition, every type of the registry (`_types`) mapped
to what pydantic offers for it:

- int8 .. uint32: a bounded `int`; int64 .. uint128 (JSON strings): a `str` with the RFC 8259
  integer pattern and a validator for the range and the numeric keywords; float, double:
  a bounded `float` (float8 and number: `float`); decimal: a `str` with the decimal pattern
  and a validator for the numeric keywords (as `Decimal`).
- date, datetime, time, duration, uuid, uri, binary: pydantic's own `date`, `AwareDatetime`,
  `time`, `timedelta`, `UUID`, `AnyUrl`, `Base64Bytes`, so what pydantic accepts or refuses
  that the draft does not is a finding for pydantic (a space for `T`, `+0530`, a missing
  seconds field, `P1DT`, `1 day`, an unhyphenated uuid, a leap second, a relative uri,
  base64 with characters outside the alphabet); jsonpointer: a `str` with the RFC 6901
  pattern.
- object: a `BaseModel` (`$extends` and `abstract` come merged from the structure model);
  `additionalProperties: false` forbids extras, a schema types them
  (`__pydantic_extra__`), absent leaves the model open; alternative `required` sets and
  `dependentRequired` are a model validator.
- array: `list`; set, and `uniqueItems`: `list` with a validator for uniqueness (a Python
  `set` would drop duplicates silently); tuple: `tuple[...]` in the `tuple` order; map:
  `dict` with `keyNames` as the key type and `minEntries`/`maxEntries` as its length.
- choice: tagged, a union of one-member models (`extra="forbid"`); inline (`$extends` and
  `selector`), a union of the branch models each with the selector as a `Literal`,
  discriminated by it. Type unions: a `Union`. any: `Any`; null: `None`; enum and const:
  `Literal`.
- keywords: bounds, `multipleOf`, `minLength`/`maxLength`, `pattern` (anchored: the draft
  matches the entire value; pydantic's Rust engine, Python's `re` where Rust cannot compile
  it), `minItems`/`maxItems` as `Field` constraints; `allOf`, `anyOf`, `oneOf`, `not` and
  `if`/`then`/`else` as a validator that runs the branches' adapters on the raw value.

Left unstated, because pydantic has no way to say them short of re-implementing the
validator: `patternProperties`, `propertyNames`, `minProperties`/`maxProperties`, `has`,
`contains`/`minContains`/`maxContains`, `patternKeys` and the `format` keyword (which needs
the optional email-validator for one of its names only); `binary` in an encoding other than
base64 is a plain `str`. The suite reports whatever these leave open.

Optional properties take no `None`: absent is allowed, `null` is not. Strict mode reads the
instance as JSON text (`validate_json(..., strict=True)`), as a service handed a request
body does, so dates and uuids parse from strings; lax mode validates the Python value and
coerces (`"5"` becomes 5), which the suite reports.
"""

from __future__ import annotations

import datetime
import json
import keyword
import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal, Union

import pydantic
from pydantic import (
    AfterValidator,
    AnyUrl,
    AwareDatetime,
    Base64Bytes,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError, to_jsonable_python

from .._model.structure import Node, Structure
from ._base import InProcessAdapter

INTEGER = r"^-?(0|[1-9][0-9]*)$"
UNSIGNED = r"^(0|[1-9][0-9]*)$"
DECIMAL = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
JSON_POINTER = r"^(/([^~/]|~[01])*)*$"

_LEXICAL: dict[str, Any] = {
    "date": datetime.date,
    "datetime": AwareDatetime,
    "time": datetime.time,
    "duration": datetime.timedelta,
    "uuid": uuid.UUID,
    "uri": AnyUrl,
    "jsonpointer": Annotated[str, Field(pattern=JSON_POINTER)],
}

_COMPOSITION = ("allOf", "anyOf", "oneOf", "not", "if")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("structure", message)


def _rust_compiles(source: str) -> bool:
    try:
        TypeAdapter(Annotated[str, Field(pattern=source)])
    except Exception:  # any failure to build means "not for Rust"
        return False
    return True


def _python_pattern(source: str) -> Callable[[str], str]:
    compiled = re.compile(f"(?:{source})\\Z")

    def check(value: str) -> str:
        if not compiled.match(value):
            raise _fail(f"String should match pattern {source!r}")
        return value

    return check


def _json_key(value: Any) -> str:
    return json.dumps(to_jsonable_python(value), sort_keys=True)


def _unique(values: list[Any]) -> list[Any]:
    seen = set()
    for value in values:
        key = _json_key(value)
        if key in seen:
            raise _fail("List should have unique items")
        seen.add(key)
    return values


def _numeric_check(low: Any, high: Any, node: Node, read: Callable[[str], Any]) -> Any:
    """The range and numeric keywords of a number carried as a string, on its value."""
    rules = node.rules
    step = rules.get("multipleOf")
    excl_low, excl_high = rules.get("exclusiveMinimum"), rules.get("exclusiveMaximum")

    def check(text: str) -> str:
        value = read(text)
        if low is not None and value < low:
            raise _fail(f"Value should be at least {low}")
        if high is not None and value > high:
            raise _fail(f"Value should be at most {high}")
        if excl_low is not None and value <= excl_low:
            raise _fail(f"Value should be greater than {excl_low}")
        if excl_high is not None and value >= excl_high:
            raise _fail(f"Value should be less than {excl_high}")
        if step is not None and step > 0 and Fraction(value) % Fraction(step) != 0:
            raise _fail(f"Value should be a multiple of {step}")
        return text

    return AfterValidator(check)


def _field_name(prop: str) -> str | None:
    """The Python name a property can keep, or None when it needs an alias."""
    if (
        prop.isidentifier()
        and not keyword.iskeyword(prop)
        and not prop.startswith("_")
        and not hasattr(BaseModel, prop)
    ):
        return prop
    return None


class _Models:
    """Builds one annotation per node, once (a referenced definition is one model)."""

    def __init__(self) -> None:
        self._done: dict[int, Any] = {}
        self._adapters: dict[int, TypeAdapter[Any]] = {}
        self._names: set[str] = set()
        #: model -> {field name: alias} for fields whose structure default fills
        self.defaulted: dict[type[BaseModel], dict[str, str]] = {}

    def name(self, wanted: str) -> str:
        base = re.sub(r"\W", "_", wanted) or "Model"
        name, n = base, 1
        while name in self._names:
            n += 1
            name = f"{base}{n}"
        self._names.add(name)
        return name

    def adapter(self, node: Node, name: str) -> TypeAdapter[Any]:
        key = id(node)
        if key not in self._adapters:
            self._adapters[key] = TypeAdapter(self.annotation(node, name))
        return self._adapters[key]

    def annotation(self, node: Node, name: str) -> Any:
        key = id(node)
        if key not in self._done:
            kind = self._typed(node, name)
            if any(k in node.rules for k in _COMPOSITION):
                kind = Annotated[kind, BeforeValidator(self._composition(node, name))]
            self._done[key] = kind
        return self._done[key]

    def _typed(self, node: Node, name: str) -> Any:
        if node.enum is not None:
            return Literal[tuple(node.enum)]
        if "const" in node.rules:
            return Literal[node.rules["const"]]
        if node.union:
            members = [self.annotation(m, f"{name}Or{i}") for i, m in enumerate(node.union)]
            return Union[tuple(members)]  # noqa: UP007 - built at run time
        spec = node.spec
        family = spec.family
        rules = node.rules
        if family == "integer":
            low, high = node.bounds()
            return Annotated[int, Field(ge=low, le=high, multiple_of=rules.get("multipleOf"))]
        if family in ("float", "number"):
            return Annotated[float, Field(allow_inf_nan=False, **self._float_bounds(node))]
        if family == "big-integer":
            low, high = spec.low, spec.high
            if isinstance(rules.get("minimum"), int):
                low = max(low, rules["minimum"]) if low is not None else rules["minimum"]
            if isinstance(rules.get("maximum"), int):
                high = min(high, rules["maximum"]) if high is not None else rules["maximum"]
            signed = spec.low is not None and spec.low < 0
            return Annotated[
                str,
                Field(pattern=INTEGER if signed else UNSIGNED),
                _numeric_check(low, high, node, int),
            ]
        if family == "decimal":
            return Annotated[
                str,
                Field(pattern=DECIMAL),
                _numeric_check(rules.get("minimum"), rules.get("maximum"), node, _decimal),
            ]
        if family == "lexical":
            return _LEXICAL[spec.name]
        if family == "binary":
            return Base64Bytes if rules.get("contentEncoding", "base64") == "base64" else str
        if family == "string":
            return self._string(node)
        if family in ("array", "set"):
            item = self.annotation(node.items, name + "Item") if node.items else Any
            kind: Any = Annotated[
                list[item],  # type: ignore[valid-type]
                Field(min_length=rules.get("minItems"), max_length=rules.get("maxItems")),
            ]
            if family == "set" or rules.get("uniqueItems") is True:
                kind = Annotated[kind, AfterValidator(_unique)]
            return kind
        if family == "tuple":
            order = [n for n in rules.get("tuple", ()) if n in node.properties]
            if not order:
                return list[Any]
            members = [self.annotation(node.properties[n], name + n.title()) for n in order]
            return tuple[tuple(members)]  # type: ignore[misc]
        if family == "map":
            keys = self.annotation(rules["keyNames"], name + "Key") if "keyNames" in rules else str
            values = self.annotation(rules["values"], name + "Value") if "values" in rules else Any
            return Annotated[
                dict[keys, values],  # type: ignore[valid-type]
                Field(min_length=rules.get("minEntries"), max_length=rules.get("maxEntries")),
            ]
        if family == "object":
            return self.model(node, name)
        if family == "choice":
            return self._choice(node, name)
        if family == "null":
            return None
        if family == "boolean":
            return bool
        return Any

    @staticmethod
    def _float_bounds(node: Node) -> dict[str, Any]:
        spec, rules = node.spec, node.rules
        low, high = spec.low, spec.high
        if rules.get("minimum") is not None:
            low = rules["minimum"] if low is None else max(low, rules["minimum"])
        if rules.get("maximum") is not None:
            high = rules["maximum"] if high is None else min(high, rules["maximum"])
        return {
            "ge": low,
            "le": high,
            "gt": rules.get("exclusiveMinimum"),
            "lt": rules.get("exclusiveMaximum"),
            "multiple_of": rules.get("multipleOf"),
        }

    @staticmethod
    def _string(node: Node) -> Any:
        rules = node.rules
        source = rules.get("pattern")
        length = Field(min_length=rules.get("minLength"), max_length=rules.get("maxLength"))
        if source is None:
            return Annotated[str, length]
        if _rust_compiles(f"^(?:{source})$"):
            return Annotated[str, length, Field(pattern=f"^(?:{source})$")]
        return Annotated[str, length, AfterValidator(_python_pattern(source))]

    def _choice(self, node: Node, name: str) -> Any:
        options: dict[str, Node] = node.rules.get("choices", {})
        if not options:
            return dict[str, Any]
        selector = node.rules.get("selector")
        branches = []
        if selector is not None and "$extends" in node.rules:
            for tag, option in options.items():
                base = self.annotation(option, name + tag)
                if not (isinstance(base, type) and issubclass(base, BaseModel)):
                    return dict[str, Any]  # a branch that is no object: not modelled
                pick: Any = (Literal[tag], Field(alias=selector))
                branches.append(
                    pydantic.create_model(self.name(name + tag), __base__=base, selector_=pick)
                )
            return Annotated[Union[tuple(branches)], Field(discriminator="selector_")]  # noqa: UP007
        for tag, option in options.items():
            value = self.annotation(option, name + tag)
            field = _field_name(tag)
            member: dict[str, Any] = {
                field or "tagged_": (value, Field(..., alias=None if field else tag))
            }
            branches.append(
                pydantic.create_model(
                    self.name(name + tag.title()), __config__=ConfigDict(extra="forbid"), **member
                )
            )
        return Union[tuple(branches)]  # noqa: UP007

    def model(self, node: Node, name: str) -> type[BaseModel]:
        fields: dict[str, Any] = {}
        aliases: dict[str, str] = {}
        defaulted: dict[str, str] = {}
        required = node.required
        for index, (prop, child) in enumerate(node.properties.items()):
            kind = self.annotation(child, name + prop[:1].upper() + prop[1:])
            field = _field_name(prop) or f"field_{index}_"
            aliases[field] = prop
            alias = None if field == prop else prop
            if prop in required:
                fields[field] = (kind, Field(..., alias=alias))
            else:
                default = child.default if child.has_default else None
                fields[field] = (kind, Field(default=default, alias=alias))
                if child.has_default:
                    defaulted[field] = prop
        rule = node.additional_properties
        extra: Literal["allow", "forbid"] = "forbid" if rule is False else "allow"
        if isinstance(rule, Node):
            extras = self.annotation(rule, name + "Extra")
            fields["__pydantic_extra__"] = (dict[str, extras], Field(init=False))  # type: ignore[valid-type]
        validators: dict[str, Any] = {}
        check = _presence(node, aliases)
        if check is not None:
            validators["presence_"] = model_validator(mode="after")(check)
        model: type[BaseModel] = pydantic.create_model(
            self.name(name),
            __config__=ConfigDict(extra=extra),
            __validators__=validators,
            **fields,
        )
        self.defaulted[model] = defaulted
        return model

    def _composition(self, node: Node, name: str) -> Callable[[Any, ValidationInfo], Any]:
        rules = node.rules

        def sub(key: str, branch: Node | None = None) -> TypeAdapter[Any]:
            return self.adapter(branch if branch is not None else rules[key], f"{name}_{key}")

        def matches(adapter: TypeAdapter[Any], value: Any, info: ValidationInfo) -> bool:
            strict = bool(info.context and info.context.get("strict"))
            try:
                if info.mode == "json":
                    adapter.validate_json(json.dumps(value), strict=strict, context=info.context)
                else:
                    adapter.validate_python(value, strict=strict, context=info.context)
            except pydantic.ValidationError:
                return False
            return True

        all_of = [sub("allOf", b) for b in rules.get("allOf", ())]
        any_of = [sub("anyOf", b) for b in rules.get("anyOf", ())]
        one_of = [sub("oneOf", b) for b in rules.get("oneOf", ())]
        not_ = sub("not") if "not" in rules else None
        if_ = sub("if") if "if" in rules else None
        then = sub("then") if "then" in rules else None
        else_ = sub("else") if "else" in rules else None

        def check(value: Any, info: ValidationInfo) -> Any:
            for index, adapter in enumerate(all_of):
                if not matches(adapter, value, info):
                    raise _fail(f"does not match allOf branch {index}")
            if any_of and not any(matches(a, value, info) for a in any_of):
                raise _fail("matches no anyOf branch")
            if one_of and sum(matches(a, value, info) for a in one_of) != 1:
                raise _fail("does not match exactly one oneOf branch")
            if not_ is not None and matches(not_, value, info):
                raise _fail("matches the `not` schema")
            if if_ is not None:
                branch = then if matches(if_, value, info) else else_
                if branch is not None and not matches(branch, value, info):
                    raise _fail("does not match the branch `if` selects")
            return value

        return check


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise _fail("not a decimal") from None


def _presence(node: Node, aliases: dict[str, str]) -> Callable[[BaseModel], BaseModel] | None:
    """Alternative `required` sets (exactly one complete) and `dependentRequired`."""
    names = node.rules.get("required", ())
    alternatives = names if names and isinstance(names[0], tuple) else None
    dependent: dict[str, tuple[str, ...]] = node.rules.get("dependentRequired", {})
    if alternatives is None and not dependent:
        return None

    def check(model: BaseModel) -> BaseModel:
        present = {aliases.get(f, f) for f in model.model_fields_set}
        present |= set(model.model_extra or ())
        if alternatives is not None:
            complete = sum(all(n in present for n in s) for s in alternatives)
            if complete != 1:
                raise _fail(f"{complete} alternative sets of required properties are complete")
        for trigger, needed in dependent.items():
            missing = [n for n in needed if n not in present]
            if trigger in present and missing:
                raise _fail(f"{missing[0]!r} is required when {trigger!r} is present")
        return model

    return check


class PydanticValidator:
    def __init__(self, structure: Structure, strict: bool) -> None:
        self.strict = strict
        self._nodes = structure.targets
        self._models = _Models()
        self._adapters = {
            name: self._models.adapter(node, name) for name, node in structure.targets.items()
        }

    def _validated(self, definition: str, instance: Any) -> Any:
        adapter = self._adapters[definition]
        context = {"strict": self.strict}
        if self.strict:
            return adapter.validate_json(json.dumps(instance), strict=True, context=context)
        return adapter.validate_python(instance, strict=False, context=context)

    def validate(self, definition: str, instance: Any) -> list[str]:
        try:
            self._validated(definition, instance)
        except pydantic.ValidationError as error:
            return [str(e["msg"]) for e in error.errors()]
        return []

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return self._filled(self._validated(definition, instance), instance)

    def _filled(self, value: Any, raw: Any) -> Any:
        """The instance with each model's defaults added where a property is absent."""
        if isinstance(value, BaseModel) and isinstance(raw, dict):
            filled = dict(raw)
            fields = type(value).model_fields
            defaulted = self._models.defaulted.get(type(value), {})
            for field, info in fields.items():
                prop = info.alias or field
                if field in value.model_fields_set and prop in raw:
                    filled[prop] = self._filled(getattr(value, field), raw[prop])
                elif field in defaulted and prop not in raw:
                    filled[prop] = to_jsonable_python(getattr(value, field))
            return filled
        if isinstance(value, list | tuple) and isinstance(raw, list):
            return [self._filled(v, r) for v, r in zip(value, raw, strict=False)]
        if isinstance(value, dict) and isinstance(raw, dict):
            return {k: self._filled(value.get(k), r) for k, r in raw.items()}
        return raw


def make_strict(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter(
        "pydantic-strict", "pydantic-strict", PydanticValidator(structure, strict=True)
    )


def make_lax(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter(
        "pydantic-lax", "pydantic-lax", PydanticValidator(structure, strict=False)
    )
