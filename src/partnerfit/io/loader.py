"""The YAML loader partnerfit composes with: PyYAML's safe loader, isolated and remembered.

Also the standard tags and the constructors for the scalar tags that profiles may hold.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml

__all__ = ["MERGE", "SCALAR_CONSTRUCTORS", "TAG", "Loader"]

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
_SCALAR_NODE = yaml.ScalarNode
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 50_000  # entries; short scalars only, so a few MB at most
_RESOLVED_MAX_TEXT = 40


class Loader(_SafeLoader):  # type: ignore[misc]  # PyYAML's loaders are untyped
    """The safe loader with the standard YAML 1.1 tag resolution, remembered per scalar text.

    The composer asks the (Python) resolver for every node's tag; the same short scalars (keys,
    numbers, tags) recur in every profile, so their answers are kept. The resolvers are copied
    here, so that resolvers other code adds to PyYAML's loaders cannot change ours, and there
    are no path resolvers, so the per-node descend and ascend steps have nothing to do.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {
        first: list(rules) for first, rules in _SafeLoader.yaml_implicit_resolvers.items()
    }
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not _SCALAR_NODE:
            # what the base resolver answers for a collection when there are no path resolvers
            return _COLLECTION_TAGS.get(kind) or str(super().resolve(kind, value, implicit))
        key = (value, implicit)
        tag = _RESOLVED.get(key)  # asked for every node of every file: names bound once
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(value) <= _RESOLVED_MAX_TEXT and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[key] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_COLLECTION_TAGS: dict[Any, str] = {
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}

TAG = "tag:yaml.org,2002:"
MERGE = TAG + "merge"
_constructor = yaml.constructor.SafeConstructor()
SCALAR_CONSTRUCTORS: dict[str, Any] = {
    TAG + "null": _constructor.construct_yaml_null,
    TAG + "bool": _constructor.construct_yaml_bool,
    TAG + "int": _constructor.construct_yaml_int,
    TAG + "float": _constructor.construct_yaml_float,
    TAG + "timestamp": _constructor.construct_yaml_timestamp,
    TAG + "binary": _constructor.construct_yaml_binary,
}
"""The scalar tags a profile may carry, and how each is built; any other tag is refused."""
