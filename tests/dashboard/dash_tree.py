"""Finding components in a Dash layout tree, for the in-process dashboard tests."""

from __future__ import annotations


def find_component(component, component_id):
    """The first component with ``component_id`` below (or at) ``component``, or None."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    if children is None:
        return None
    for child in children if isinstance(children, list | tuple) else [children]:
        found = find_component(child, component_id)
        if found is not None:
            return found
    return None
