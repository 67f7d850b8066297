#!/usr/bin/env python3
"""berth's plan benchmark: synthetic catalogs of 20, 50, 100 and 200 services, planned per stack,
against two floors on the same mock engine (bench/BareProgram.java): the bare program, which registers
as many resources (small SSM parameters), and the replay, which registers the same resources' recorded
inputs (the engine's cost for berth's own payloads).

    python3 bench/run.py                       # 20,50,100,200 services; dev and prod; 3 runs each
    python3 bench/run.py --sizes 20,200 --stacks prod --runs 5
    python3 bench/run.py --baseline HEAD~3     # also plan with another commit's berth, interleaved

Every measurement runs `./berth plan` (the command users run, its JVM flags included) in a fresh
JVM. Runs are interleaved (run 1 of every case, then run 2...) so that load from other processes
spreads over all cases; the table shows medians (min-max for wall time). Catalogs are generated in
a temporary directory (bench/catalog.py), never in services/. See docs/performance.md.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLAN_LINE = re.compile(r"plan for (\S+): (\d+) resources(?: \((\d+) AWS resources and providers, (\d+) components\))?.* in ([0-9.]+) s")
GC_PAUSE = re.compile(r"Pause .* ([0-9.]+)ms$")


def java_opts(root: Path, project: Path) -> list:
    """The JVM options and class path `root/berth` runs plans with (the bare program gets the same, its own
    classes appended to the class path, so a class-data sharing archive still applies)."""
    out = subprocess.run([str(root / "berth"), "--project-dir", str(project)], cwd=root, env=dict(os.environ, BERTH_PRINT_JAVA_OPTS="1"),
                         capture_output=True, text=True, timeout=1800)
    if out.returncode == 0 and out.stdout.strip():
        return out.stdout.split()
    # a berth script from before BERTH_PRINT_JAVA_OPTS: its fixed flags
    m = re.search(r"exec java (.*?) \\?\s*\n?\s*-cp", (root / "berth").read_text(), re.S)
    return m.group(1).replace("\\", " ").split() + ["-cp", "target/classes:" + (root / "target" / "berth.classpath").read_text().strip()]


def measure(cmd, cwd: Path, work: Path, label: str) -> dict:
    """Runs one JVM under /usr/bin/time and -Xlog:gc; returns wall, cpu, rss, gc and the plan line."""
    gc_log = work / ("gc-%s.log" % label)
    time_log = work / ("time-%s.log" % label)
    for f in (gc_log, time_log):
        f.unlink(missing_ok=True)
    env = dict(os.environ, JAVA_TOOL_OPTIONS="-Xlog:gc:file=%s" % gc_log)
    started = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(time_log)] + cmd, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - started
    m = None
    for line in proc.stdout.splitlines():
        m = PLAN_LINE.search(line) or m
    if proc.returncode != 0 or m is None:
        raise SystemExit("bench: %s failed (exit %d):\n%s\n%s" % (" ".join(map(str, cmd)), proc.returncode,
                                                                 proc.stdout[-2000:], proc.stderr[-2000:]))
    _, user, system, rss_kb = time_log.read_text().split()[-4:]
    gc_ms = 0.0
    if gc_log.exists():
        for line in gc_log.read_text().splitlines():
            g = GC_PAUSE.search(line)
            if g:
                gc_ms += float(g.group(1))
    return {"wall": wall, "inproc": float(m.group(5)), "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024,
            "gc": gc_ms / 1000, "resources": int(m.group(2)),
            "components": int(m.group(4)) if m.group(4) else None}


def build_bare(root: Path) -> str:
    """Compiles bench/BareProgram.java against root's build; returns the bench classes' directory."""
    cp = "target/classes:" + (root / "target" / "berth.classpath").read_text().strip()
    out = root / "target" / "bench-classes"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["javac", "-d", str(out), "-cp", cp, str(root / "bench" / "BareProgram.java")], cwd=root, check=True)
    return str(out)


def export(ref: str, dest: Path) -> Path:
    """Another commit's berth, exported (git archive) to dest and built by its own script."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def snapshot(dest: Path) -> Path:
    """The working tree as it is (uncommitted changes included), copied to dest and built there by its own
    script: editing or rebuilding the repository during a long benchmark does not change what is measured."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns("target", "node_modules", ".git"))
    return dest


def med(values):
    return statistics.median(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20,50,100,200", help="catalog sizes (services), comma-separated")
    ap.add_argument("--stacks", default="dev,prod")
    ap.add_argument("--runs", type=int, default=3, help="interleaved runs per case (the table shows medians)")
    ap.add_argument("--baseline", help="a git ref: plan with that commit's berth too, interleaved with this one")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare program")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (catalogs, plans, GC logs)")
    ap.add_argument("--work", help="work directory of an earlier --keep run: reuse its built trees (current, baseline)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    stacks = args.stacks.split(",")

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="berth-bench-"))
    try:
        reuse = lambda d, make: d if d.is_dir() else make(d)
        variants = [("current", reuse(work / "current", snapshot))]
        if args.baseline:
            variants.insert(0, ("baseline " + args.baseline, reuse(work / "baseline", lambda d: export(args.baseline, d))))
        catalogs = {n: catalog.generate(ROOT, n, work / ("catalog-%d" % n)) for n in sizes}
        print("bench: work directory %s" % work, file=sys.stderr)
        # build every variant (and warm the file cache) with one untimed plan of the smallest catalog
        for label, root in variants:
            subprocess.run([str(root / "berth"), "plan", "-q", "--project-dir", str(catalogs[sizes[0]]), "--out",
                            str(work / "warm"), stacks[0]], cwd=root, check=True, stdout=subprocess.DEVNULL)
        current = variants[-1][1]
        opts = {n: java_opts(current, catalogs[n]) for n in sizes}
        bare_cp = None if args.no_bare else build_bare(current)
        results = {}
        for run in range(args.runs):
            for n in sizes:
                for stack in stacks:
                    for label, root in variants:
                        r = measure([str(root / "berth"), "plan", "-q", "--project-dir", str(catalogs[n]),
                                     "--out", str(work / "plans"), "--timeout", "1800", stack], root, work, "plan")
                        results.setdefault((label, n, stack), []).append(r)
                        print("bench: run %d %s %d services %s: %d resources, %.1f s wall, %.1f s gc" % (
                            run + 1, label, n, stack, r["resources"], r["wall"], r["gc"]), file=sys.stderr)
                    if bare_cp:
                        last = results[(variants[-1][0], n, stack)][-1]
                        r = measure(["java"] + opts[n][:-1] + [opts[n][-1] + ":" + bare_cp, "-Dbench.timeout=1800", "BareProgram",
                                     str(catalogs[n]), stack, str(last["resources"]), str(last["components"] or 1),
                                     str(work / "bare")], current, work, "bare")
                        results.setdefault(("bare", n, stack), []).append(r)
                        print("bench: run %d bare %d resources %s: %.1f s wall" % (run + 1, r["resources"], stack, r["wall"]),
                              file=sys.stderr)
                        # the replay floor: the same resources' recorded inputs, registered by the bare program
                        r = measure(["java"] + opts[n][:-1] + [opts[n][-1] + ":" + bare_cp, "-Dbench.timeout=1800", "BareProgram",
                                     str(catalogs[n]), stack, str(last["resources"]), str(last["components"] or 1),
                                     str(work / "bare"), str(work / "plans" / (stack + ".json"))], current, work, "replay")
                        results.setdefault(("replay", n, stack), []).append(r)
                        print("bench: run %d replay %d resources %s: %.1f s wall" % (run + 1, r["resources"], stack, r["wall"]),
                              file=sys.stderr)
            # the table so far after every round (a long run stopped early still reports)
            print(report(results, variants, sizes, stacks, bool(bare_cp), run + 1), flush=True)
    finally:
        if args.keep:
            print("bench: kept %s" % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(results, variants, sizes, stacks, bare, runs) -> str:
    lines = ["berth plan benchmark: %d interleaved runs per case, medians (wall: min-max); %d CPUs; %s" % (
        runs, os.cpu_count(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())), ""]
    head = "| berth | stack | services | resources | wall s | in-process s | CPU s | GC s | peak RSS MB | ms per resource (wall) |"
    if bare:
        head += " bare wall s | berth / bare (wall) | berth / bare (CPU) | replay wall s | berth / replay (wall) | berth / replay (CPU) |"
    lines += [head, "|" + "---|" * (head.count("|") - 1)]
    for label, _ in variants:
        for stack in stacks:
            for n in sizes:
                rs = results[(label, n, stack)]
                walls = [r["wall"] for r in rs]
                res = rs[0]["resources"]
                row = "| %s | %s | %d | %d | %.1f (%.1f-%.1f) | %.1f | %.1f | %.1f | %.0f | %.2f |" % (
                    label, stack, n, res, med(walls), min(walls), max(walls), med([r["inproc"] for r in rs]),
                    med([r["cpu"] for r in rs]), med([r["gc"] for r in rs]), med([r["rss"] for r in rs]),
                    1000 * med(walls) / res)
                if bare:
                    for floor in ("bare", "replay"):
                        bs = results[(floor, n, stack)]
                        # per-run ratios (the floor runs follow their berth run), then their median
                        ratio_wall = med([a["wall"] / b["wall"] for a, b in zip(rs, bs)])
                        ratio_cpu = med([a["cpu"] / b["cpu"] for a, b in zip(rs, bs)])
                        row += " %.1f | %.2f | %.2f |" % (med([b["wall"] for b in bs]), ratio_wall, ratio_cpu)
                lines.append(row)
    lines.append("")
    for label, _ in variants:
        for stack in stacks:
            lo, hi = results[(label, sizes[0], stack)], results[(label, sizes[-1], stack)]
            per = lambda rs: med([r["wall"] for r in rs]) / rs[0]["resources"]
            percpu = lambda rs: med([r["cpu"] for r in rs]) / rs[0]["resources"]
            lines.append("- %s, %s: cost per resource at %d services / at %d services: %.2fx wall, %.2fx CPU" % (
                label, stack, sizes[-1], sizes[0], per(hi) / per(lo), percpu(hi) / percpu(lo)))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
