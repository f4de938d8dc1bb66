"""A student's server starts here (as the student, inside their memory limit): the lessons first, then Jupyter.

    python start_student.py LESSONS_FOLDER jupyterhub-singleuser [ARGS...]

Copies into ~/lessons every lesson file that the student does not have yet, and never touches one they
have: their work stays as they left it, and a lesson added later still reaches them at their next start.
Then it becomes jupyterhub-singleuser (os.execv), so the hub sees one process.
"""

import os
import shutil
import sys
from pathlib import Path


def copy_missing(source, target):
    """Copy each file under source that has no counterpart under target; return how many were copied."""
    copied = 0
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(target) / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            dest = here / name
            if name.startswith(".") or os.path.lexists(dest):
                continue
            shutil.copyfile(Path(folder) / name, dest)
            copied += 1
    return copied


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: start_student.py LESSONS_FOLDER COMMAND [ARGS...]")
    lessons, command = argv[0], argv[1:]
    copied = copy_missing(lessons, Path.home() / "lessons")
    print(f"start_student: {copied} lesson files copied into {Path.home() / 'lessons'}", flush=True)
    program = shutil.which(command[0], path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not program:
        sys.exit(f"start_student: {command[0]} not found next to {sys.executable}: run `make classroom` again.")
    os.execv(program, [program, *command[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
