"""Run the photo pipeline over many files on all cores, with progress and cancel."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass
from pathlib import Path

from gianhang_desktop.core.photos.errors import PhotoError
from gianhang_desktop.core.photos.pipeline import (
    DEFAULT_SPEC,
    PhotoSpec,
    ProcessedPhoto,
    process_image,
)
from gianhang_desktop.core.tasks import CancelToken, ProgressFn

# Threads, measured faster than a process pool here (docs/performance.md, "Photos"): Pillow
# releases the GIL while decoding, resampling and encoding, and threads start no interpreter,
# pickle nothing and share one copy of Pillow. The process pool stays one switch away.
USE_PROCESSES = False


@dataclass(frozen=True)
class BatchItem:
    """The outcome for one input file: a processed photo or the reason it failed."""

    index: int
    source: Path
    photo: ProcessedPhoto | None = None
    error: PhotoError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def default_workers() -> int:
    """Both cores of the usual office PC, at most four processes on bigger machines."""
    return max(1, min(4, os.cpu_count() or 1))


def _process_one(index: int, source: Path, spec: PhotoSpec) -> BatchItem:
    try:
        return BatchItem(index, source, photo=process_image(source, spec))
    except PhotoError as exc:
        return BatchItem(index, source, error=exc)
    except MemoryError:
        return BatchItem(index, source, error=PhotoError.corrupt("MemoryError"))


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for picture work, started safely from a process running Qt threads."""
    # Never fork: the window runs Qt threads, and a forked child inherits their locks.
    # The fork server imports Pillow once; each worker is then a cheap fork of it.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:  # Windows and macOS
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def iter_batch(
    sources: Iterable[str | Path],
    *,
    spec: PhotoSpec = DEFAULT_SPEC,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    use_processes: bool | None = None,
) -> Iterator[BatchItem]:
    """Yield a BatchItem per source as soon as it is done (completion order, see `.index`).

    One file is processed right here; more go to `workers` threads (or processes with
    `use_processes=True`). When `cancel.cancelled` turns true, pending files are dropped and
    the iterator stops; the caller decides what to do with what it has.
    """
    paths = [Path(s) for s in sources]
    total = len(paths)
    if total == 0:
        return
    workers = workers or default_workers()
    done = 0

    def report(item: BatchItem) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / total, item.source.name)

    if total == 1 or workers == 1:
        for index, path in enumerate(paths):
            if cancel is not None and cancel.cancelled:
                return
            item = _process_one(index, path, spec)
            report(item)
            yield item
        return

    if use_processes is None:
        use_processes = USE_PROCESSES
    pool: Executor = (
        process_pool(min(workers, total))
        if use_processes
        else ThreadPoolExecutor(min(workers, total), thread_name_prefix="photos")
    )
    try:
        # Keep a bounded number in flight so results (about 0.3 MB each) do not pile up.
        pending: set[Future[BatchItem]] = set()
        queue = iter(enumerate(paths))
        limit = 2 * min(workers, total)
        for index, path in queue:
            pending.add(pool.submit(_process_one, index, path, spec))
            if len(pending) >= limit:
                break
        while pending:
            if cancel is not None and cancel.cancelled:
                return
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                for index, path in queue:
                    pending.add(pool.submit(_process_one, index, path, spec))
                    break
                item = future.result()
                report(item)
                yield item
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def process_batch(
    sources: Iterable[str | Path],
    *,
    spec: PhotoSpec = DEFAULT_SPEC,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    use_processes: bool | None = None,
) -> list[BatchItem]:
    """Process all sources; return their items in input order (shorter if cancelled)."""
    items = list(
        iter_batch(
            sources,
            spec=spec,
            workers=workers,
            progress=progress,
            cancel=cancel,
            use_processes=use_processes,
        )
    )
    return sorted(items, key=lambda item: item.index)
