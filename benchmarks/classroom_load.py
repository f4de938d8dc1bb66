"""A class logging in at once: N simulated students on the real hub of `make classroom`. Prints figures.

    .venv/bin/python benchmarks/classroom_load.py                      # 30 students, 5 of them also lesson 06
    .venv/bin/python benchmarks/classroom_load.py --students 10 --lesson06 2 --digits
    .venv/bin/python benchmarks/classroom_load.py --students 2 --every-lesson    # every lesson, both languages

Run as root (each student gets a Unix account, as in a real class; they are removed afterwards).
The hub is `make classroom`'s (classroom/settings.toml with its defaults; a free port on 127.0.0.1,
homes in a temporary folder). Every student, all at the same moment: logs in on the login page, starts
their server through the hub, and opens lessons 01 and 04 one after the other, running each code cell
over the kernel protocol (a websocket), as "Run all" does in JupyterLab; a subset (--lesson06) then
runs lesson 06 too. With --every-lesson each student instead runs the whole series, 00 to 08, the
students taking turns by language (the first English, the second 简体中文, ...): two students cover every
lesson in both languages. A student's lesson kernel is shut down when the next lesson opens (so at the end each
student has their server and one kernel: the last lesson's). With --digits, every student's last kernel
then loads the digits (`nnbook.data.load_mnist()`), and memory is measured again.

Memory per student is PSS (/proc/PID/smaps_rollup: a page shared by k processes counts 1/k for each),
summed over the student's processes (server + kernel); the system's "used" is MemTotal - MemAvailable
(other work on the machine counts in it too: its value before the hub started is printed).
CPU seconds per lesson are the kernel's own (getrusage), so they do not depend on how busy the machine was.
"""

import argparse
import os
import pwd
import resource  # noqa: F401  (the kernels use it; imported here so a missing module fails early)
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))
import cgroups  # noqa: E402
import hubclient  # noqa: E402

PASSWORD = "load-test-class-password"
CPU = "import resource as _r; _u = _r.getrusage(_r.RUSAGE_SELF); print(_u.ru_utime + _u.ru_stime)"


def meminfo():
    fields = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    kib = {k: int(v.split()[0]) for k, v in fields.items()}
    return (kib["MemTotal"] - kib["MemAvailable"]) * 1024


DIGITS_PER_STUDENT = 260 * 2**20  # what load_mnist() adds to a kernel (203 MiB PSS measured), with a margin
# ... when the class's MNIST folder holds the shared copy of the images (nnbook.data's cache): each kernel maps
# that one file (≈ 22 MiB PSS measured per kernel), and the file itself is in memory once.
DIGITS_PER_STUDENT_SHARED = 60 * 2**20
SHARED_FILE = 220 * 2**20
RESERVE = 2 * 2**30


def meminfo_available():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def pss_by_user(uids):
    """{uid: (pss bytes, rss bytes, processes)} over every process of those users."""
    out = {uid: [0, 0, 0] for uid in uids}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            uid = proc.stat().st_uid
            if uid not in out:
                continue
            rollup = dict(line.split(":", 1) for line in (proc / "smaps_rollup").read_text().splitlines()[1:])
        except (OSError, ValueError):
            continue
        out[uid][0] += int(rollup["Pss"].split()[0]) * 1024
        out[uid][1] += int(rollup["Rss"].split()[0]) * 1024
        out[uid][2] += 1
    return out


def spread(values, unit="", scale=1.0, digits=1):
    if not values:
        return "—"
    v = sorted(x / scale for x in values)
    return (f"min {v[0]:.{digits}f}{unit}, median {statistics.median(v):.{digits}f}{unit}, "
            f"max {v[-1]:.{digits}f}{unit} (n={len(v)})")


class StudentRun(threading.Thread):
    def __init__(self, hub, name, lessons, digits, phase):
        super().__init__(name=name, daemon=True)
        self.hub, self.lessons, self.digits, self.phase = hub, lessons, digits, phase
        self.student = hubclient.Student(hub.base, name, PASSWORD)
        self.times, self.cpu, self.errors = {}, {}, []
        self.done_lessons = threading.Event()
        self.done_digits = threading.Event()

    @staticmethod
    def wait(kernel, event):
        if kernel is None:
            event.wait()
            return
        try:
            kernel.wait(event)
        except Exception:  # noqa: BLE001 — a connection lost while waiting shows up in the next cell's error
            event.wait()

    def run(self):
        kernel = None
        try:
            t0 = time.monotonic()
            self.student.login()
            self.times["login"] = time.monotonic() - t0
            self.times["start"] = self.student.start(timeout=1200)
            for lesson in self.lessons:
                if kernel is not None:
                    kernel.close()
                t0 = time.monotonic()
                kernel = self.student.open_notebook(f"lessons/{lesson}")
                self.times[f"open {key(lesson)}"] = time.monotonic() - t0
                t0 = time.monotonic()
                for i, cell in enumerate(hubclient.code_cells(ROOT / "notebooks" / lesson)):
                    _, error, _ = kernel.run(cell, timeout=1800)
                    if error:
                        self.errors.append(f"{lesson} cell {i}: {error}")
                        if error.startswith("kernel"):
                            break
                self.times[key(lesson)] = time.monotonic() - t0
                out, error, _ = kernel.run(CPU)
                self.cpu[key(lesson)] = float(out) if not error else None
        except Exception as exc:  # noqa: BLE001 — a student's failure is a figure, not the end of the run
            self.errors.append(f"{type(exc).__name__}: {exc}")
            traceback.print_exc()
        self.done_lessons.set()
        self.wait(kernel, self.phase["lessons_measured"])
        if self.digits and kernel is not None and not self.errors:
            try:
                t0 = time.monotonic()
                _, error, _ = kernel.run("from nnbook.data import load_mnist\n_digits = load_mnist(progress=False)",
                                         timeout=1800)
                self.times["digits"] = time.monotonic() - t0
                if error:
                    self.errors.append(f"load_mnist: {error}")
            except Exception as exc:  # noqa: BLE001
                self.errors.append(f"load_mnist: {type(exc).__name__}: {exc}")
        self.done_digits.set()
        self.wait(kernel, self.phase["digits_measured"])
        if kernel is not None:
            try:
                kernel.close()
            except Exception:  # noqa: BLE001
                pass


def key(lesson):
    """How a lesson is named in the figures: '01', 'zh/01'."""
    folder, _, name = lesson.rpartition("/")
    return f"{folder}/{name[:2]}" if folder else name[:2]


def series(language):
    """Every lesson of one language, in order: ['00_welcome.ipynb', ...] or ['zh/00_welcome.ipynb', ...]."""
    folder = ROOT / "notebooks" / ("zh" if language == "zh" else "")
    return [p.relative_to(ROOT / "notebooks").as_posix() for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


def peak_memory(name):
    """The most memory the student's cgroup (server + kernels) held at any moment, in bytes, or None.
    (The memory controller's own count: the page cache their files brought in counts too.)"""
    own = cgroups.own_memory_cgroup()
    # v1's counter (v2 has memory.peak from Linux 5.19 on)
    group = own / cgroups.CLASSROOM / name if own else None
    peak = group / ("memory.peak" if cgroups.is_v2(group) else "memory.max_usage_in_bytes") if group else None
    try:
        return int(peak.read_text())
    except (OSError, AttributeError, ValueError):
        return None


def report_memory(title, runs, base_used):
    uids = {pwd.getpwnam(r.student.name).pw_uid: r for r in runs if _exists(r.student.name)}
    usage = pss_by_user(uids)
    pss = [v[0] for v in usage.values() if v[2]]
    rss = [v[1] for v in usage.values() if v[2]]
    used = meminfo()
    print(f"\n{title}")
    print(f"  per student, PSS (server + kernel): {spread(pss, ' MiB', 2**20, 0)}")
    print(f"  per student, RSS (shared pages counted in full): {spread(rss, ' MiB', 2**20, 0)}")
    print(f"  all students, PSS: {sum(pss) / 2**30:.2f} GiB; system used: {used / 2**30:.2f} GiB "
          f"({(used - base_used) / 2**30:+.2f} GiB since before the hub started)")
    return sum(pss), used


def _exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lesson06", type=int, default=5, help="how many of them also run lesson 06 (default 5)")
    parser.add_argument("--digits", action="store_true", help="then every student's kernel loads the digits")
    parser.add_argument("--start-at-once", type=int, default=None, help="override settings.toml's start_at_once")
    parser.add_argument("--every-lesson", action="store_true",
                        help="each student runs every lesson, 00 to 08, in English or 简体中文 by turns "
                             "(instead of 01, 04 and --lesson06's 06)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("classroom_load.py makes a Unix account per student: run it as root.")
    names = [f"nnbl-{i:02d}" for i in range(1, args.students + 1)]
    changes = {"start_at_once": args.start_at_once} if args.start_at_once else {}
    base_used = meminfo()
    if args.every_lesson:
        args.lesson06 = 0
    print(f"{args.students} students ({'every lesson, English and 简体中文 by turns' if args.every_lesson else f'{args.lesson06} with lesson 06'}), "
          f"digits: {'yes' if args.digits else 'no'}; "
          f"{os.cpu_count()} cores; system used before the hub: {base_used / 2**30:.2f} GiB", flush=True)
    with hubclient.ClassHub(names, PASSWORD, **changes) as hub:
        s = hub.settings
        # The machine is shared: the whole class together gets at most what was free, less a reserve, so an
        # overfull class loses its own kernels (counted as errors), never another program on the machine.
        cap = meminfo_available() - RESERVE
        cgroups.set_memory_limit(cgroups.own_memory_cgroup() / cgroups.CLASSROOM, cap, swap_too=False)
        print(f"hub up: start_at_once={s['start_at_once']}, memory_limit={s['memory_limit'] / 2**30:.2f} GiB per "
              f"student, {cap / 2**30:.1f} GiB for the whole class (what was free less {RESERVE // 2**30} GiB)",
              flush=True)
        phase = {"lessons_measured": threading.Event(), "digits_measured": threading.Event()}
        runs = []
        for i, name in enumerate(names):
            lessons = ["01_perceptron.ipynb", "04_cost_and_gradient_descent.ipynb"]
            if i < args.lesson06:
                lessons.append("06_training.ipynb")
            if args.every_lesson:
                lessons = series("zh" if i % 2 else "en")
            runs.append(StudentRun(hub, name, lessons, args.digits, phase))
        t0 = time.monotonic()
        for r in runs:
            r.start()
        while not all(r.done_lessons.wait(10) for r in runs):
            pass
        wall = time.monotonic() - t0
        print(f"\nevery student done with their lessons after {wall:.0f} s")
        print(f"  login: {spread([r.times['login'] for r in runs if 'login' in r.times], ' s')}")
        print(f"  server start (asked → ready): {spread([r.times['start'] for r in runs if 'start' in r.times], ' s')}")
        for lesson in dict.fromkeys(key(lesson) for r in runs for lesson in r.lessons):
            took = [r.times[lesson] for r in runs if lesson in r.times]
            cpu = [r.cpu[lesson] for r in runs if r.cpu.get(lesson) is not None]
            print(f"  lesson {lesson} (all cells): {spread(took, ' s')}; kernel CPU {spread(cpu, ' s')}")
            opened = [r.times[f"open {lesson}"] for r in runs if f"open {lesson}" in r.times]
            print(f"    opening it (session + kernel ready): {spread(opened, ' s')}")
        for r in runs:
            done = [k for k in (key(lesson) for lesson in r.lessons) if k in r.times]
            print(f"  {r.student.name}: {len(done)} of {len(r.lessons)} lessons run, "
                  f"{sum(r.times[k] for k in done):.0f} s in all, kernel CPU "
                  f"{sum(r.cpu.get(k) or 0 for k in done):.0f} s, {len(r.errors)} errors")
        peaks = [p for p in (peak_memory(r.student.name) for r in runs) if p is not None]
        print(f"  the most memory a student's cgroup held at any moment (server + kernels, page cache included): "
              f"{spread(peaks, ' MiB', 2**20, 0)}")
        report_memory("memory after the lessons:", runs, base_used)
        # The machine is shared: load the digits only where they fit (measured: +203 MiB PSS per student).
        import classsettings
        from nnbook.data import CACHE_NAME

        shared = (classsettings.data_dir(s) / CACHE_NAME).exists()
        per_student = DIGITS_PER_STUDENT_SHARED if shared else DIGITS_PER_STUDENT
        need = len(runs) * per_student + (SHARED_FILE if shared else 0) + RESERVE
        if args.digits:
            print(f"\nthe digits: {'one shared copy' if shared else 'a copy per kernel'} "
                  f"({classsettings.data_dir(s)})", flush=True)
        available = meminfo_available()
        if args.digits and available < need:
            print(f"\nNOT loading the digits: {available / 2**30:.1f} GiB available, {need / 2**30:.1f} GiB needed "
                  f"({len(runs)} × {per_student // 2**20} MiB + {RESERVE // 2**30} GiB kept free for the "
                  "machine's other work). Run with fewer students or on a quieter machine.")
            args.digits = False
            for r in runs:
                r.digits = False
        phase["lessons_measured"].set()
        if args.digits:
            while not all(r.done_digits.wait(10) for r in runs):
                pass
            print(f"\n  load_mnist(): {spread([r.times['digits'] for r in runs if 'digits' in r.times], ' s')}")
            report_memory("memory with the digits loaded in every student's kernel:", runs, base_used)
        phase["digits_measured"].set()
        for r in runs:
            r.join(120)
        errors = [(r.student.name, e) for r in runs for e in r.errors]
        print(f"\nerrors: {len(errors)}")
        for name, e in errors:
            print(f"  {name}: {e}")
        log = hub.log_path.read_text()
        print(f"hub log: {log.count('Traceback')} tracebacks, {log.count('restarting kernel')} kernels restarted "
              f"(died), {log.count('Culling server')} servers culled")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
