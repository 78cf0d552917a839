"""The country borders `dossier` ships (`dossier/atlas/`, Natural Earth by way of the npm
package world-atlas; see its NOTICE), decoded from TopoJSON into shapely geometry.

TopoJSON keeps each border once, as an *arc* shared by the two countries it separates.
An arc is quantized: its first point and then the differences between points, all whole
numbers, turned back into degrees by the topology's `transform` (a scale and a translate).
A ring lists its arcs by index; `~i` (that is, `-i - 1`) is arc `i` walked backwards, and
each arc after the first repeats the point the previous one ended on.

Two scales: 1:110m to draw (small, quick), and 1:50m for `check`'s `outside-country`,
which SPEC wants at 1:50m or finer. Each is read once per process, when first needed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # shapely and numpy load only when a dossier has coordinates
    import numpy as np
    from numpy.typing import NDArray
    from shapely.geometry.base import BaseGeometry

ATLAS = Path(__file__).parent / "atlas"
DRAW = "countries-110m.json"
CHECK = "countries-50m.json"
KM_PER_DEGREE = 111.32
"""Along a meridian; along a parallel, times the cosine of the latitude."""
_WITHOUT_CODE = {"Kosovo": "XK"}
"""Countries Natural Earth gives no ISO numeric code, by the name it gives them."""


@dataclass(frozen=True, slots=True)
class Country:
    """One country's shape."""

    code: str | None
    """ISO 3166-1 alpha-2 (`TR`), or None where Natural Earth draws one ISO does not code."""
    name: str
    """Natural Earth's English name."""
    shape: BaseGeometry
    """In degrees: x is longitude, y latitude."""


class Arcs:
    """The arcs of a topology, each decoded when a ring first walks it: `check` needs the
    few arcs of the countries a dossier names, not the whole world's. Until then they are
    kept as one array of numbers (the 1:50m world's 80,000 points as lists of lists of
    floats would weigh 10 MB)."""

    def __init__(
        self,
        topology: dict[str, object],
        read: tuple[NDArray[np.intp], NDArray[np.float64]] | None = None,
    ) -> None:
        """The arcs of `topology`, or those `_read_arcs` read from its text (its end of each
        arc, and its points)."""
        import numpy as np

        if read is not None:
            self.ends, self.points = read
        else:
            raw = topology["arcs"]
            assert isinstance(raw, list)
            self.ends = np.cumsum([len(arc) for arc in raw])
            arrays = [np.asarray(arc, dtype=np.float64)[:, :2] for arc in raw]
            self.points = np.concatenate(arrays) if arrays else np.zeros((0, 2))
        transform = topology.get("transform")
        self.transform = transform if isinstance(transform, dict) else None
        self._done: dict[int, NDArray[np.float64]] = {}

    def __getitem__(self, i: int) -> NDArray[np.float64]:
        found = self._done.get(i)
        if found is None:
            import numpy as np

            points = self.points[self.ends[i - 1] if i else 0 : self.ends[i]]
            if self.transform is not None:  # quantized: deltas from the previous point
                points = np.cumsum(points, axis=0) * self.transform["scale"]
                points += self.transform["translate"]
            found = self._done[i] = points
        return found


def ring(indexes: list[int], decoded: Arcs) -> NDArray[np.float64]:
    """The closed ring that walks these arcs in turn."""
    import numpy as np

    parts = []
    for n, i in enumerate(indexes):
        arc = decoded[i] if i >= 0 else decoded[~i][::-1]
        parts.append(arc if n == 0 else arc[1:])
    return np.concatenate(parts)


def shape(geometry: dict[str, object], decoded: Arcs) -> BaseGeometry:
    """A TopoJSON Polygon or MultiPolygon as a valid shapely geometry."""
    from shapely import make_valid
    from shapely.geometry import MultiPolygon, Polygon

    def polygon(rings: list[list[int]]) -> Polygon:
        shell, *holes = (ring(r, decoded) for r in rings)
        return Polygon(shell, holes)

    parts = geometry.get("arcs") or []
    assert isinstance(parts, list)
    if geometry.get("type") == "Polygon":
        found: BaseGeometry = polygon(parts)
    else:
        found = MultiPolygon([polygon(p) for p in parts])
    return found if found.is_valid else make_valid(found)


def _read_arcs(text: str) -> tuple[NDArray[np.intp], NDArray[np.float64]] | None:
    """The end of each arc and every point, from the text of an array of arcs of points
    of two numbers each; None when it is not that."""
    import numpy as np

    inner = re.sub(r"\s+", "", text)[1:-1]
    if not inner.startswith("[[") or not inner.endswith("]]"):
        return None
    ends = np.cumsum([arc.count("],[") + 1 for arc in inner.split("]],[[")])
    numbers = np.fromstring(inner.translate(_BRACKETS), sep=",")
    if len(numbers) != 2 * ends[-1]:
        return None  # a point of three numbers, say: read as lists
    return ends, numbers.reshape(-1, 2)


_BRACKETS = str.maketrans("[]", "  ")
_TOP_ARCS = re.compile(r'"arcs":\s*(\[[-+0-9.eE,\[\]\s]*\])\s*[,}]')


def _arcs_text(text: str) -> tuple[str, str] | None:
    """The text of a topology with its top-level arcs taken out (an empty array in their
    place), and theirs; None when they are not the last `arcs` in it, as world-atlas
    writes them, after the objects."""
    at = text.rfind('"arcs":')
    found = _TOP_ARCS.match(text, at) if at >= 0 else None
    if found is None:
        return None
    rest = text[: found.start(1)] + "[]" + text[found.end(1) :]
    return rest, found[1]


def decode(text: str) -> tuple[dict[str, Any], Arcs]:
    """A TopoJSON topology without its arcs, and its arcs. They are read from the text by
    the array where they can be (`_arcs_text`): as lists of lists of numbers, the 1:50m
    world's would weigh 10 MB on their way into one array."""
    split = _arcs_text(text)
    if split is not None:
        topology = json.loads(split[0])
        read = _read_arcs(split[1]) if topology.get("arcs") == [] else None
        if read is not None:
            del topology["arcs"]
            return topology, Arcs(topology, read)
    topology = json.loads(text)
    arcs = Arcs(topology)
    del topology["arcs"]  # the lists, now that the array holds them
    return topology, arcs


@cache
def _topology(name: str) -> tuple[list[dict[str, object]], Arcs]:
    """One shipped file's countries (TopoJSON geometries) and its arcs."""
    topology, arcs = decode((ATLAS / name).read_text(encoding="utf-8"))
    return topology["objects"]["countries"]["geometries"], arcs


def _code(geometry: dict[str, object]) -> str | None:
    import pycountry

    numeric = geometry.get("id")
    found = pycountry.countries.get(numeric=numeric) if isinstance(numeric, str) else None
    if found is not None:
        return str(found.alpha_2)
    properties = geometry.get("properties")
    return _WITHOUT_CODE.get(properties.get("name", "")) if isinstance(properties, dict) else None


@cache
def countries(name: str = DRAW) -> tuple[Country, ...]:
    """Every country of one of the shipped files, in the file's order."""
    geometries, decoded = _topology(name)
    out = []
    for geometry in geometries:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        properties = geometry.get("properties")
        title = properties.get("name", "") if isinstance(properties, dict) else ""
        out.append(Country(_code(geometry), str(title), shape(geometry, decoded)))
    return tuple(out)


@cache
def shapes_of(code: str, name: str = CHECK) -> tuple[BaseGeometry, ...]:
    """The shapes Natural Earth draws for the country `code` (most have one)."""
    geometries, decoded = _topology(name)
    return tuple(
        shape(g, decoded)
        for g in geometries
        if g.get("type") in ("Polygon", "MultiPolygon") and _code(g) == code
    )


def distance_km(lat: float, lon: float, code: str) -> float | None:
    """How far the point is outside the country `code` (0 inside); None for a country the
    atlas does not draw. Degrees of longitude are shortened by the cosine of the latitude,
    which is close enough at the tens of kilometres the check is about."""
    from shapely import Point, transform

    parts = shapes_of(code)
    if not parts:
        return None
    point = Point(lon, lat)
    if any(part.covers(point) for part in parts):
        return 0.0
    k = math.cos(math.radians(lat))

    def local(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        import numpy as np

        return np.column_stack(((xy[:, 0] - lon) * k, xy[:, 1] - lat))

    return min(float(transform(p, local).distance(Point(0, 0))) for p in parts) * KM_PER_DEGREE
