"""The Binder badges of README.md and README.zh-CN.md, from the one setting in binder/github.txt.

    python3 tools/binder_badges.py           rewrite the badges to point at binder/github.txt's repository
    python3 tools/binder_badges.py --check   say which README disagrees with it (exit 1), change nothing

A badge is `https://mybinder.org/v2/gh/OWNER/NAME/HEAD?...`: only OWNER/NAME changes, the lesson it opens
stays. While the setting is the placeholder OWNER/nnbook each README says so in one sentence (PLACEHOLDER_NOTES);
once a real repository is set, that sentence goes.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTING = Path("binder") / "github.txt"
PLACEHOLDER = "OWNER/nnbook"
READMES = ("README.md", "README.zh-CN.md")
# The sentence that tells a reader the links are not live yet, as each README words it.
PLACEHOLDER_NOTES = {
    "README.md": "`OWNER` in the two links is the GitHub account that hosts nnbook: write it in `binder/github.txt` and run `python3 tools/binder_badges.py`. ",
    "README.zh-CN.md": "链接里的 `OWNER` 是存放 nnbook 的 GitHub 账号：把它写进 `binder/github.txt`，再运行 `python3 tools/binder_badges.py`。",
}
BADGE_URL = re.compile(r"(\(https://mybinder\.org/v2/gh/)([^/\s)]+/[^/\s)]+)(/HEAD\b)")
REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


class SettingError(ValueError):
    pass


def repository(root=ROOT):
    """binder/github.txt's OWNER/NAME (its one line that is not a comment)."""
    path = Path(root) / SETTING
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.strip().startswith("#")]
    if len(lines) != 1 or not REPOSITORY.fullmatch(lines[0]):
        raise SettingError(f"{path}: write the GitHub repository as one line OWNER/NAME (e.g. {PLACEHOLDER} with "
                           f"OWNER the account), found {lines!r}.")
    return lines[0]


def rewritten(readme, text, repo):
    """The README's text with every Binder badge pointing at `repo`, and its placeholder note only while
    repo is the placeholder."""
    text = BADGE_URL.sub(lambda m: m.group(1) + repo + m.group(3), text)
    if repo != PLACEHOLDER:
        text = text.replace(PLACEHOLDER_NOTES[readme], "")
    return text


def stale(root=ROOT):
    """The READMEs whose badges disagree with the setting."""
    repo = repository(root)
    return [name for name in READMES
            if rewritten(name, (Path(root) / name).read_text(encoding="utf-8"), repo)
            != (Path(root) / name).read_text(encoding="utf-8")]


def update(root=ROOT):
    repo = repository(root)
    changed = stale(root)
    for name in changed:
        path = Path(root) / name
        path.write_text(rewritten(name, path.read_text(encoding="utf-8"), repo), encoding="utf-8")
    return repo, changed


def main(args):
    try:
        if "--check" in args:
            wrong = stale()
            for name in wrong:
                print(f"{name}: its Binder badges do not point at {repository()} ({SETTING}): "
                      "run python3 tools/binder_badges.py")
            return 1 if wrong else 0
        repo, changed = update()
    except SettingError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Binder badges point at github.com/{repo}: " + (", ".join(changed) + " rewritten" if changed else
                                                             "both READMEs already did"))
    if repo == PLACEHOLDER:
        print(f"({PLACEHOLDER} is the placeholder: set the real repository in {SETTING} first.)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
