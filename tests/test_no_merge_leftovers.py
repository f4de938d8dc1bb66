"""No file of the project keeps git's conflict markers: a merge that was committed half-resolved fails here."""

import re
import subprocess

from conftest import ROOT

MARKER = re.compile(rb"^(<<<<<<< |>>>>>>> |=======$)", re.MULTILINE)


def tracked_text_files():
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, names):
        path = ROOT / name.decode()
        if path.is_file() and path.suffix not in {".otf", ".ttf", ".npz", ".png", ".gz"}:
            data = path.read_bytes()
            if b"\0" not in data[:8000]:
                yield path, data


def test_no_file_keeps_conflict_markers():
    leftovers = [str(path.relative_to(ROOT)) for path, data in tracked_text_files()
                 if re.search(rb"^<<<<<<< ", data, re.MULTILINE) and re.search(rb"^>>>>>>> ", data, re.MULTILINE)]
    assert not leftovers, f"git's conflict markers (<<<<<<< … >>>>>>>) are still in {leftovers}: finish the merge"


def test_the_markers_are_found():
    half_merged = b"a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n"
    assert MARKER.search(half_merged) and re.search(rb"^<<<<<<< ", half_merged, re.MULTILINE)
