"""What a large media folder costs a rebuild under `dossier serve` (SPEC §8).

    python bench/media.py [--entries N] [--images M] [--repeat R] [--seed S] [--json F]

Takes the generated dossier of N entries (bench/work/N, made if need be), and copies it
twice: once as it is, once with M generated JPEG photos in media/ (each with EXIF, GPS
included, so that every one must be cleaned on the way out), every photo shown by one of
the incidents, and one photo in ten also a published preserved copy of a source (so that
its SHA-256 is checked). Each copy is built once by a `SiteBuilder`, as `serve` does
(untimed but reported), then R times: a prose edit of an incident that shows photos, a
title edit of it, and a save that changes nothing. The table gives the median rebuild of
each copy and the difference, which is what the media folder adds; `--json` writes every
figure (default bench/out/media.json).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from PIL import Image  # noqa: E402
from run import OUT, prepare_dossier  # noqa: E402

from dossier.incremental import SiteBuilder  # noqa: E402

EDITS = ("prose edit", "title edit", "no change")


def photo(n: int) -> bytes:
    """A 640 by 480 JPEG of its own, with the EXIF a phone writes (camera, time, GPS)."""
    im = Image.new("RGB", (640, 480), ((n * 37) % 256, (n * 91) % 256, (n * 13) % 256))
    im.paste((255 - n % 256, 128, n % 256), (n % 500, n % 300, n % 500 + 140, n % 300 + 180))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "Phone", f"Model {n}", "2017:02:09 14:10:00"
    exif.get_ifd(0x8825).update({1: "N", 2: (36.0, 22.0, float(n % 60)), 3: "E"})
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def add_media(project: Path, images: int) -> list[Path]:
    """Put `images` photos in media/photos/, each shown by an incident; one in ten is also a
    published preserved copy of a source. The incidents that show photos, in order."""
    incidents = sorted((project / "content" / "incidents").glob("*.md"))
    sources = sorted((project / "content" / "sources").glob("*.yml"))
    shown: dict[Path, list[str]] = {}
    copies: dict[Path, list[str]] = {}
    folder = project / "media" / "photos"
    folder.mkdir(parents=True)
    for n in range(images):
        name = f"photo-{n:04d}.jpg"
        data = photo(n)
        (folder / name).write_bytes(data)
        holder = incidents[n % len(incidents)]
        shown.setdefault(holder, []).append(f"![Photo {n}](../../media/photos/{name})")
        if n % 10 == 0 and sources:
            source = sources[(n // 10) % len(sources)]
            sha = hashlib.sha256(data).hexdigest()
            copies.setdefault(source, []).append(
                f"  - path: media/photos/{name}\n    sha256: {sha}\n    kind: image\n"
                "    publish: true\n"
            )
    for incident, lines in shown.items():
        text = incident.read_text(encoding="utf-8")
        incident.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(lines) + "\n", "utf-8")
    for source, entries in copies.items():
        text = source.read_text(encoding="utf-8").rstrip("\n")
        source.write_text(f"{text}\nfiles:\n{''.join(entries)}", encoding="utf-8")
    return sorted(shown)


def _edited(text: str, kind: str, n: int) -> str:
    head, fence, body = text.partition("\n---\n")
    if kind == "prose edit":
        return f"{head}{fence}A new sentence, number {n}.\n\n{body}"
    if kind == "title edit":
        return text.replace("title: ", f"title: Edit {n} of ", 1)
    return text


def measure(project: Path, out: Path, edited: list[Path], repeat: int) -> dict[str, Any]:
    """The first build, then `repeat` rebuilds after each kind of edit of `edited` files."""
    builder = SiteBuilder(project, out)
    start = time.perf_counter()
    first = builder.rebuild()
    result: dict[str, Any] = {"first build s": time.perf_counter() - start}
    if first.report.errors:
        raise RuntimeError(f"the first build reports {first.report.errors} errors")
    for kind in EDITS:
        times = []
        for n in range(repeat):
            entry = edited[(n * 7) % len(edited)]
            entry.write_text(_edited(entry.read_text("utf-8"), kind, n), encoding="utf-8")
            start = time.perf_counter()
            done = builder.rebuild()
            times.append(time.perf_counter() - start)
            if done.report.errors:
                raise RuntimeError(f"{kind}: {done.report.errors} errors")
        result[kind] = {"median s": statistics.median(times), "best s": min(times), "runs": times}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "media.json")
    args = parser.parse_args()
    source, _, _ = prepare_dossier(args.entries, args.seed)
    figures: dict[str, Any] = {"entries": args.entries, "images": args.images}
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("without media", "with media"):
            project = Path(tmp) / label.replace(" ", "-")
            shutil.copytree(source, project)
            shown = add_media(project, args.images) if label == "with media" else []
            edited = shown or sorted((project / "content" / "incidents").glob("*.md"))
            figures[label] = measure(project, Path(tmp) / f"{label}-site", edited, args.repeat)
            if shown:
                site = Path(tmp) / f"{label}-site" / "media" / "photos"
                figures["published images"] = len(list(site.glob("*.jpg")))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"{args.entries} entries, {args.images} images ({figures['published images']} published)")
    print(f"{'':12} {'without media':>14} {'with media':>12} {'added':>9}")
    rows = [
        ("first build", *(figures[c]["first build s"] for c in ("without media", "with media")))
    ]
    rows += [
        (k, *(figures[c][k]["median s"] for c in ("without media", "with media"))) for k in EDITS
    ]
    for kind, a, b in rows:
        print(f"{kind:12} {a:>13.3f}s {b:>11.3f}s {b - a:>8.3f}s")


if __name__ == "__main__":
    main()
