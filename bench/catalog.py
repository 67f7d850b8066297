"""Synthetic catalogs for the benchmark: copies of the shipped services with unique names and routes.

Copy i of services/<name>.yaml becomes c<i>-<name>.yaml: its image repository, source repository,
`calls`, `sends`, `{queue:...}` placeholders and public paths get the copy's prefix (and a blue/green service its own test listener port), so every copy is a distinct service (its own
repository, pipeline, target group and listener rules). The project (Pulumi.yaml, the stack files)
is copied next to it; nothing is written inside the repository's services/.
"""
import re
import shutil
import sys
from pathlib import Path

PROJECT_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.beta.yaml", "Pulumi.prod.yaml"]


def copy_service(text: str, copy: int) -> str:
    prefix = "c%d-" % copy
    out = []
    for line in text.splitlines(keepends=True):
        # image repository (no slash) and source repository (owner/name)
        line = re.sub(r"^(\s*repository:\s*)([A-Za-z0-9._-]+)(\s*(#.*)?)$",
                      lambda m: m.group(1) + prefix + m.group(2) + m.group(3), line)
        line = re.sub(r"(repository:\s*)([A-Za-z0-9._-]+/[A-Za-z0-9._-]+)",
                      lambda m: m.group(1) + m.group(2).replace("/", "/" + prefix), line)
        line = re.sub(r"^(\s*calls:\s*)\[([^\]]*)\]",
                      lambda m: m.group(1) + "[" + ", ".join(prefix + c.strip() for c in m.group(2).split(",") if c.strip()) + "]",
                      line)
        line = re.sub(r"^(\s*sends:\s*)\[([^\]]*)\]",
                      lambda m: m.group(1) + "[" + ", ".join(prefix + c.strip() for c in m.group(2).split(",") if c.strip()) + "]",
                      line)
        # a worker's queue placeholder names the worker: {queue:<worker>} or {queue:<service>/<name>}
        line = re.sub(r"\{queue:([A-Za-z0-9-]+)", lambda m: "{queue:" + prefix + m.group(1), line)
        line = re.sub(r"^(\s*paths:\s*)\[([^\]]*)\]",
                      lambda m: m.group(1) + "[" + ", ".join(
                          '"/c%d' % copy + p.strip().strip('"') + '"' for p in m.group(2).split(",") if p.strip()) + "]",
                      line)
        out.append(line)
        # each blue/green service needs its own test listener port on the shared load balancer
        m = re.match(r"^(\s*)deploy:\s*blue-green", line)
        if m:
            out.append("%stestListenerPort: %d\n" % (m.group(1), 8443 + copy))
    return "".join(out)


def generate(project: Path, count: int, dest: Path) -> Path:
    """A project in dest whose catalog holds `count` services (rounds of the shipped ones, cut at count)."""
    shipped = sorted((project / "services").glob("*.yaml"))
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "services").mkdir(parents=True)
    for f in PROJECT_FILES:
        shutil.copy(project / f, dest / f)
    made, i = 0, 0
    while made < count:
        i += 1
        for svc in shipped:
            if made == count:
                break
            (dest / "services" / ("c%d-%s.yaml" % (i, svc.stem))).write_text(copy_service(svc.read_text(), i))
            made += 1
    return dest


if __name__ == "__main__":
    # python3 bench/catalog.py <count> <dest-dir>
    print(generate(Path(__file__).resolve().parent.parent, int(sys.argv[1]), Path(sys.argv[2])))
