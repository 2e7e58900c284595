"""Benchmark the photo import pipeline against a plain one-core Pillow script, in the same run.

    python bench/bench_photos.py                 # 50 generated 12 MP JPEGs in a temp dir
    python bench/bench_photos.py --count 20 --images /tmp/bench-photos   # reuse a folder

Each measurement runs in its own child process so that its peak memory is not mixed with the
others': ru_maxrss of the process (exact for the one-process kinds), and for the process
pool also its workers' and the summed RSS of the whole tree sampled every 20 ms (psutil).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gianhang_desktop.core.photos.batch import process_batch  # noqa: E402
from gianhang_desktop.core.photos.pipeline import DEFAULT_SPEC, PhotoSpec  # noqa: E402

WIDTH, HEIGHT = 4000, 3000  # 12 megapixels, as a phone's main camera


def make_photo(seed: int) -> bytes:
    """A 12 MP 'phone photo': gradient, coloured shapes and sensor-like noise, EXIF orientation."""
    rnd = random.Random(seed)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    blue = Image.new("L", (WIDTH, HEIGHT), rnd.randint(60, 200))
    im = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), blue))
    draw = ImageDraw.Draw(im)
    for _ in range(14):
        x, y, s = rnd.randint(0, WIDTH), rnd.randint(0, HEIGHT), rnd.randint(200, 1400)
        draw.ellipse((x, y, x + s, y + s), fill=tuple(rnd.randint(0, 255) for _ in range(3)))
    # Sensor noise of varying strength gives the 3-5 MB of real 12 MP phone JPEGs.
    noise = Image.effect_noise((WIDTH, HEIGHT), rnd.uniform(14, 40)).convert("RGB")
    im = Image.blend(im, noise, 0.22)
    exif = Image.Exif()
    exif[0x0112] = rnd.choice([1, 1, 6, 8])  # phones held upright write 6 or 8
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=93, exif=exif)
    return buf.getvalue()


def generate(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"IMG_{i:04d}.jpg" for i in range(count)]
    missing = [(i, p) for i, p in enumerate(paths) if not p.exists()]
    if missing:
        print(f"generating {len(missing)} photos of {WIDTH}x{HEIGHT} in {folder} …", flush=True)

        def write(item: tuple[int, Path]) -> None:
            item[1].write_bytes(make_photo(item[0]))

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(write, missing))
    return paths


SPEC = DEFAULT_SPEC


def plain_pillow(path: Path) -> tuple[bytes, bytes]:
    """The same steps a straightforward script would take: full decode, pad, resize, save."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
    side = max(im.size)
    square = Image.new("RGB", (side, side), (255, 255, 255))
    square.paste(im, ((side - im.width) // 2, (side - im.height) // 2))
    square = square.resize((1200, 1200), SPEC.resample)
    market = io.BytesIO()
    square.save(market, "JPEG", quality=90)
    thumb = io.BytesIO()
    square.resize((256, 256), SPEC.resample).save(thumb, "JPEG", quality=80)
    return market.getvalue(), thumb.getvalue()


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of this process and its children (psutil), sampled."""

    def __init__(self, enabled: bool = True) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.cpu: dict[int, float] = {}  # last seen CPU seconds per process of the tree
        self.stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self.psutil = None
        else:
            self.psutil = psutil if enabled else None

    def run(self) -> None:
        if self.psutil is None:
            return
        me = self.psutil.Process()
        while not self.stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                except self.psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.stop.wait(0.02)


def measure(kind: str, paths: list[Path]) -> dict:
    # The sampler costs about 13% of a core (it walks /proc every 20 ms), which would be taken
    # from the threads being measured: only the process pool needs it, since ru_maxrss is the
    # exact peak of a single process.
    sampler = TreeSampler(enabled=kind == "pipeline-processes")
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    sampler.start()
    start = time.perf_counter()
    if kind == "plain":
        for path in paths:
            plain_pillow(path)
        failed = 0
    elif kind == "pipeline":  # what the app does: 2 threads (batch.USE_PROCESSES is False)
        items = process_batch(paths, spec=SPEC)
        failed = sum(not item.ok for item in items)
    elif kind == "pipeline-1core":
        items = process_batch(paths, workers=1, spec=SPEC)
        failed = sum(not item.ok for item in items)
    elif kind == "pipeline-processes":
        items = process_batch(paths, spec=SPEC, use_processes=True)
        failed = sum(not item.ok for item in items)
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    # Pool workers are children of the fork server: their CPU comes from the sampler.
    cpu += sum(t for pid, t in sampler.cpu.items() if pid != os.getpid())
    own = usage.ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "kind": kind,
        "photos": len(paths),
        "failed": failed,
        "seconds": round(seconds, 2),
        "photos_per_s": round(len(paths) / seconds, 1),
        "cpu_ms_per_photo": round(cpu / len(paths) * 1000),
        "maxrss_self_mb": round(own),
        "maxrss_largest_child_mb": round(children),
        "tree_rss_peak_mb": round(sampler.peak / 2**20) if sampler.psutil else round(own),
    }


def run_child(kind: str, folder: Path, count: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            kind,
            "--images",
            str(folder),
            "--count",
            str(count),
            "--resample",
            SPEC.resample.name,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--images", type=Path, help="folder for the generated photos (kept)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per kind; the median is reported")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument(
        "--resample", default=DEFAULT_SPEC.resample.name, help="Pillow filter (default: the app's)"
    )
    parser.add_argument(
        "--kinds", default="plain,pipeline-1core,pipeline,pipeline-processes", help="what to run"
    )
    args = parser.parse_args()
    global SPEC
    SPEC = PhotoSpec(resample=Image.Resampling[args.resample.upper()])

    if args.measure == "generate":
        generate(args.images, args.count)
        return
    if args.measure:
        paths = generate(args.images, args.count)
        print(json.dumps(measure(args.measure, paths)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        folder = args.images or Path(tmp)
        # In a child: Linux carries ru_maxrss over fork+exec, so this process stays small.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                "generate",
                "--images",
                str(folder),
                "--count",
                str(args.count),
            ],
            check=True,
        )
        paths = [folder / f"IMG_{i:04d}.jpg" for i in range(args.count)]
        sizes = [p.stat().st_size for p in paths]
        print(
            f"load average before: {os.getloadavg()}"
        )  # other work on the machine skews wall time
        print(
            f"{len(paths)} JPEGs {WIDTH}x{HEIGHT}, {min(sizes) / 1e6:.1f}–{max(sizes) / 1e6:.1f} MB "
            f"(mean {sum(sizes) / len(sizes) / 1e6:.1f} MB); cpu_count={os.cpu_count()}; "
            f"resample={SPEC.resample.name}"
        )
        runs: dict[str, list[dict]] = {}
        for _ in range(args.repeat):  # interleaved, so that load spikes hit every kind alike
            for kind in args.kinds.split(","):
                runs.setdefault(kind, []).append(run_child(kind, folder, args.count))
        # The median run: these machines are shared, so one run says little.
        results = {
            kind: sorted(rs, key=lambda r: r["seconds"])[len(rs) // 2] for kind, rs in runs.items()
        }
        for kind, rs in runs.items():
            print(f"{kind}: photos/s per run {[r['photos_per_s'] for r in rs]}")
        print(f"load average after: {os.getloadavg()}")
    for r in results.values():
        print(
            f"{r['kind']:18} {r['photos_per_s']:6.1f} photos/s  {r['seconds']:6.2f} s  "
            f"cpu/photo {r['cpu_ms_per_photo']} ms  "
            f"maxrss self {r['maxrss_self_mb']} MB, largest child {r['maxrss_largest_child_mb']} MB, "
            f"tree peak {r['tree_rss_peak_mb']} MB  failed={r['failed']}"
        )
    if "plain" in results and "pipeline" in results:
        ratio = results["pipeline"]["photos_per_s"] / results["plain"]["photos_per_s"]
        print(f"pipeline / plain script: {ratio:.1f}x")


if __name__ == "__main__":
    main()
