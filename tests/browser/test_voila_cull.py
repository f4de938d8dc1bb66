"""No kernel left behind: `make present` stops the kernels of pages that were left, never of a page that is open.

A Voilà page says goodbye when it is closed (it asks the server to shut its kernel down), but a browser
that crashes, is killed, or freezes (a laptop closed) says nothing, and its kernel (≈ 360 MB with the
digits loaded) would stay until Voilà stops.  tasks.py present starts Voilà with the idle culler of
jupyter_server (tasks.CULL_SETTINGS): a kernel with no page connected and idle for cull_idle_timeout
seconds is stopped; a kernel whose page is connected never is.

The real `tasks.py present` runs here, with a short timeout given on its command line (the caller's
settings win) and a fast websocket ping (in a voila.json of the test's own config folder) so that a
frozen browser is noticed in seconds rather than the default 90 s.  Three browsers (each a Chromium of
its own) open lesson 01; one is killed (SIGKILL: its connections drop at once), one is frozen (SIGSTOP:
its connection goes silent, and the ping closes it), and one stays open and untouched.  The two
kernels left behind are stopped by the culler (its log line names them; their processes are gone),
and the open page, untouched for longer than the timeout, still moves its slider and shows the new
picture.
"""

import datetime
import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
from conftest import free_port, open_chromium
from explorerpage import explorer, picture_src, press, slider, text_panel
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from test_present_voila import start_present, stop

ROOT = Path(__file__).resolve().parents[2]
LESSON = "01_perceptron.ipynb"
CULL = 20  # seconds without a connection and without activity before a kernel is stopped (make present: 300)
INTERVAL = 1  # seconds between the culler's rounds (make present: 60)
PING = {"ws_ping_interval": 1000, "ws_ping_timeout": 5000}  # ms (jupyter_server's defaults: 30 s and 90 s)
LOAD_MS = 180_000  # three kernels run lesson 01 at once on two cores


def kernel(base, kernel_id):
    """Voilà's model of a kernel ({'connections': …, 'last_activity': …}), or None once it is gone."""
    try:
        with urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=10) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def wait_for(what, check, seconds):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.5)
    return time.monotonic()


def browser_processes(profile):
    """The Chromium that runs with this profile folder, and every process it started."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        if any(str(profile) in part for part in proc.info["cmdline"] or ()):
            found.append(proc)
            found.extend(proc.children(recursive=True))
    assert found, f"no Chromium process with the profile {profile}"
    return {proc.pid: proc for proc in found}.values()


def kernel_process(kernel_id):
    matches = [p for p in psutil.process_iter(["cmdline"]) if any(f"kernel-{kernel_id}.json" in part
                                                                  for part in p.info["cmdline"] or ())]
    assert len(matches) == 1, f"expected one process for kernel {kernel_id}, found {matches}"
    return matches[0]


def signal_all(processes, sig):
    for proc in processes:
        try:
            proc.send_signal(sig)
        except psutil.NoSuchProcess:
            pass


def test_make_present_stops_the_kernels_of_pages_left_behind_and_keeps_an_open_page_working(playwright, chromium,
                                                                                           tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = tmp_path / "config"
    config.mkdir()
    (config / "voila.json").write_text(json.dumps({"Voila": {"tornado_settings": PING}}))
    log_path = tmp_path / "present.log"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(config))
    contexts, frozen = {}, []
    started = time.monotonic()
    with open(log_path, "w") as log:
        process = start_present(port, env, log, f"--MappingKernelManager.cull_idle_timeout={CULL}",
                                f"--MappingKernelManager.cull_interval={INTERVAL}")
        try:
            pages = {}
            for name in ("open", "killed", "frozen"):
                profile = tmp_path / f"chromium-{name}"
                contexts[name] = (open_chromium(playwright, chromium, profile), profile)
                pages[name] = contexts[name][0].new_page()
                pages[name].goto(f"{base}/voila/render/{LESSON}", wait_until="commit")
            ids = {}
            for name, page in pages.items():
                explorer(page, "w1", "w2", "threshold", timeout=LOAD_MS)  # the lesson has run
                ids[name] = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                                          ".kernelId")
                wait_for(f"the {name} page connects to its kernel", lambda i=ids[name]: kernel(base, i)["connections"] >= 1, 60)
            assert len(set(ids.values())) == 3, ids
            processes = {name: kernel_process(kernel_id) for name, kernel_id in ids.items()}

            # Two pages are left without a goodbye: one browser killed, one frozen.
            signal_all(browser_processes(contexts["killed"][1]), signal.SIGKILL)
            frozen = list(browser_processes(contexts["frozen"][1]))
            signal_all(frozen, signal.SIGSTOP)
            left = time.monotonic()
            wait_for("the killed page's connection closes", lambda: kernel(base, ids["killed"])["connections"] == 0, 10)
            wait_for("the frozen page's connection is closed by the ping",
                     lambda: kernel(base, ids["frozen"])["connections"] == 0, 30)
            # Not shut down by a goodbye: the kernels are still there with no page connected
            assert kernel(base, ids["killed"]) is not None and kernel(base, ids["frozen"]) is not None

            for name in ("killed", "frozen"):
                gone = wait_for(f"the {name} page's kernel is culled", lambda n=name: kernel(base, ids[n]) is None,
                                CULL + 30)
                print(f"{name}: kernel stopped {gone - left:.1f} s after the page was left")
                processes[name].wait(15)  # its process has ended: the memory is back
                assert f"({ids[name]}) with 0 connections" in log_path.read_text()

            # The open page was not touched for longer than the timeout, and keeps its kernel.
            def idle_seconds():
                model = kernel(base, ids["open"])
                assert model is not None, "the kernel of the page that is still open was stopped"
                last = datetime.datetime.fromisoformat(model["last_activity"].replace("Z", "+00:00"))
                return (datetime.datetime.now(datetime.timezone.utc) - last).total_seconds()

            wait_for("the open page is idle for longer than the timeout", lambda: idle_seconds() > CULL + 3 * INTERVAL,
                     CULL + 30)
            model = kernel(base, ids["open"])
            assert model is not None and model["connections"] == 1, model
            assert processes["open"].is_running()
            page = pages["open"]
            box = explorer(page, "w1", "w2", "threshold")
            before = picture_src(box)
            threshold = slider(box, "threshold")
            press(threshold, "ArrowRight", times=2)  # threshold −3 → −2: NAND becomes NOR
            expect(threshold.locator(".widget-readout")).to_have_text("−2.0")
            expect(text_panel(box)).to_contain_text("gate: NOR")
            expect(box.locator(".widget-image")).not_to_have_attribute("src", before)  # a new picture
            assert f"Culling 'idle' kernel 'python3' ({ids['open']})" not in log_path.read_text()
            print(f"whole test: {time.monotonic() - started:.0f} s")
        finally:
            signal_all(frozen, signal.SIGKILL)
            for context, _ in contexts.values():
                try:
                    context.close()
                except PlaywrightError:
                    pass  # its browser was killed
            stop(process)
    text = log_path.read_text()
    assert f"Culling kernels with idle durations > {CULL} seconds at {INTERVAL} second intervals" in text, text
    assert "Traceback" not in text, text
