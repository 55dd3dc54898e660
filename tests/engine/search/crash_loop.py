#!/usr/bin/env python3
"""Crash loop: SIGKILL a headless `edgenas search` again and again, resume it after each kill, and
check that nothing committed is ever lost and that the run ends exactly where an uninterrupted run
with the same seed ends.

Kills are forced to land at named moments of a generation commit through the engine's test hook
(EDGENAS_TEST_STOP_AT=POINT:GENERATION, engine/store/crash_test_hook.h): the writer stops itself
with SIGSTOP there, this script reads the database as the frozen writer left it, and then kills
it with SIGKILL. Points: before-commit, inside-commit (rows inserted, transaction open) and
after-commit. A kill that does not land where it was planned (the process ended or stopped
elsewhere) is a failure, never a skip. Timed kills land at a random moment within 1.5 generation
times (measured on the uninterrupted run) after the resumed writer has committed one more
generation: mostly mid-evaluation, sometimes inside a commit.

After every kill: the committed generations and candidates are exactly the ones expected for that
moment, every row committed before is still there unchanged, and each one equals the
uninterrupted run's row. At the end: the run is finished, its whole history (generations with
their state, candidates, metrics; measured figures and timestamps excluded) and `edgenas show`'s
front equal the uninterrupted run's, and the run's log holds one takeover per kill, naming the
killed process.

Evaluators are deterministic: counted parameters and latency modelled for a device profile, one
thread, a fixed seed. Exit status 0 when every kill was survived, 1 otherwise (the first problem
is printed), 2 for bad usage.

The test suite runs the short version (test_crash_loop: 6 forced kills and 1 timed kill); the
long one is a benchmark (README, "Benchmarks"):
    python3 tests/engine/search/crash_loop.py --edgenas build/release/bin/edgenas --long
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

POINTS = ("before-commit", "inside-commit", "after-commit")


class CrashLoopFailure(Exception):
    pass


def fail(message):
    raise CrashLoopFailure(message)


# ---------------------------------------------------------------------------------------------
# Reading the database


def connect_read_only(db):
    # Read-only, so this script never writes the file it checks; WAL readers never block the writer.
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)


def snapshot(db, run_id=1):
    """Everything committed for the run, keyed so that rows can be compared one by one."""
    with connect_read_only(db) as con:
        run = con.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
        generations = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT generation, evaluations, hypervolume, front_json, state_json, committed_at "
                "FROM generations WHERE run_id = ? ORDER BY generation", (run_id,))
        }
        candidates = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT id, generation, hash, genome, parents_json, status, architecture_id "
                "FROM candidates WHERE run_id = ? ORDER BY id", (run_id,))
        }
        metrics = {
            (row[0], row[1]): row[2:]
            for row in con.execute(
                "SELECT m.candidate_id, m.ordinal, m.name, m.value, m.unit, m.provenance FROM metrics m "
                "JOIN candidates c ON c.id = m.candidate_id WHERE c.run_id = ?", (run_id,))
        }
        takeovers = [
            row[0] for row in con.execute(
                "SELECT message FROM events WHERE run_id = ? AND message LIKE 'took over%' ORDER BY id",
                (run_id,))
        ]
    con.close()
    return {
        "status": run[0] if run else None,
        "generations": generations,
        "candidates": candidates,
        "metrics": metrics,
        "takeovers": takeovers,
    }


def committed_generation(db, run_id=1):
    """The run's last committed generation (-1 for none); a cheap query for polling."""
    with connect_read_only(db) as con:
        row = con.execute("SELECT max(generation) FROM generations WHERE run_id = ?", (run_id,)).fetchone()
    con.close()
    return -1 if row[0] is None else row[0]


def generation_interval(snap):
    """Seconds between two commits of the run, from its commit times (millisecond stamps)."""
    stamps = [row[4] for _, row in sorted(snap["generations"].items())]
    parse = lambda t: time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) + float("0" + t[19:-1])
    return max(0.001, (parse(stamps[-1]) - parse(stamps[0])) / max(1, len(stamps) - 1))


def last_generation(snap):
    return max(snap["generations"]) if snap["generations"] else -1


def comparable(snap):
    """The run's content without what legitimately differs between two runs of one seed:
    timestamps, storage details (architecture row ids) and measured figures."""
    return {
        "generations": {g: row[:4] for g, row in snap["generations"].items()},  # drops committed_at
        "candidates": {i: row[:5] for i, row in snap["candidates"].items()},    # drops architecture_id
        "metrics": {k: row for k, row in snap["metrics"].items() if row[3] != "measured"},
    }


def first_difference(a, b, what):
    """None if the dicts are equal, else a line naming the first differing key."""
    def shown(row):
        text = repr(row)
        return text if len(text) <= 400 else text[:400] + "..."

    for key in sorted(set(a) | set(b), key=repr):
        if a.get(key) != b.get(key):
            return f"{what} {key}: {shown(a.get(key, 'missing'))} != {shown(b.get(key, 'missing'))}"
    return None


def restricted_to(reference, upto_generation):
    """The reference run's content as it stood after committing generation `upto_generation`."""
    ref = comparable(reference)
    ids = {i for i, row in ref["candidates"].items() if row[0] <= upto_generation}
    return {
        "generations": {g: row for g, row in ref["generations"].items() if g <= upto_generation},
        "candidates": {i: row for i, row in ref["candidates"].items() if i in ids},
        "metrics": {k: row for k, row in ref["metrics"].items() if k[0] in ids},
    }


def check_against_reference(snap, reference, when):
    upto = last_generation(snap)
    expected = restricted_to(reference, upto)
    got = comparable(snap)
    for part in ("generations", "candidates", "metrics"):
        diff = first_difference(got[part], expected[part], part[:-1])
        if diff:
            fail(f"{when}: the committed run differs from the uninterrupted run's first "
                 f"{upto + 1} generations: {diff}")


def check_nothing_lost(before, after, when):
    """Every row committed before the previous kill is still there, unchanged."""
    for part in ("generations", "candidates", "metrics"):
        for key, row in before[part].items():
            if key not in after[part]:
                fail(f"{when}: {part[:-1]} {key} was committed but is gone")
            if after[part][key] != row:
                fail(f"{when}: {part[:-1]} {key} changed from {row!r} to {after[part][key]!r}")


def front_of(edgenas, db):
    """`edgenas show 1 --json`'s front: hashes and metric values, measured figures left out."""
    out = subprocess.run([edgenas, "show", "1", "--db", db, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"edgenas show failed on {db} (exit {out.returncode}): {out.stderr.strip()}")
    shown = json.loads(out.stdout)
    front = [(m["hash"], m["genome"],
              {k: v["value"] for k, v in m["metrics"].items() if v["provenance"] != "measured"})
             for m in shown["front"]]
    return shown["status"], shown["generation"], shown["evaluations"], shown["hypervolume"], front


# ---------------------------------------------------------------------------------------------
# Running and killing the writer


class Writer:
    """One `edgenas search` process with its output in files (a pipe could fill and block it)."""

    def __init__(self, args, workdir, label, stop_at=None, cwd=None):
        env = dict(os.environ)
        env.pop("EDGENAS_TEST_STOP_AT", None)
        if stop_at:
            env["EDGENAS_TEST_STOP_AT"] = stop_at
        env.setdefault("OMP_NUM_THREADS", "1")
        self.label = label
        self.stderr_path = os.path.join(workdir, f"{label}.stderr")
        self.stdout_path = os.path.join(workdir, f"{label}.stdout")
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=cwd)
        self.pid = self.process.pid
        self.status = None  # raw wait status once reaped

    def stderr(self):
        with open(self.stderr_path, errors="replace") as f:
            return f.read().strip()

    def wait_stopped_or_ended(self, timeout):
        """'stopped' (frozen by the hook), 'ended' (reaped) or 'timeout'."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
            if pid == self.pid:
                if os.WIFSTOPPED(status):
                    return "stopped"
                self._reaped(status)
                return "ended"
            time.sleep(0.005)
        return "timeout"

    def running(self):
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == self.pid:
            self._reaped(status)
            return False
        return True

    def kill(self):
        """SIGKILL and reap. True if the signal is what ended it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self._reaped(status)
        return os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL

    def exit_code(self):
        return os.waitstatus_to_exitcode(self.status)

    def _reaped(self, status):
        self.status = status
        self.process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again


def search_args(edgenas, db, options):
    return [edgenas, "search", "--method", "nsga2", "--space", options.space,
            "--objectives", options.objectives, "--device", options.device,
            "--budget", str(options.budget), "--population", str(options.population),
            "--seed", str(options.seed), "--threads", "1", "--db", db] + (
                ["--table", options.table] if options.table else [])


def resume_args(edgenas, db):
    # Exactly the README's command: the run keeps its own settings (one thread among them).
    return [edgenas, "search", "--resume", "1", "--db", db]


def forced_schedule(kills, generations, repeat):
    """(point, generation) pairs in the order a run reaches them: the three points of evenly
    spread generations, the first and the last included (a kill before generation 0 leaves a run
    with nothing committed; one after the last leaves a complete run not marked finished)."""
    per_generation = -(-kills // len(POINTS))
    if per_generation > generations:
        fail(f"{kills} forced kills need {per_generation} generations; the run has {generations}")
    if per_generation == 1:
        chosen = [generations // 2]
    else:
        chosen = sorted({round(i * (generations - 1) / (per_generation - 1)) for i in range(per_generation)})
    schedule = [(point, g) for g in chosen for point in POINTS][:kills]
    if repeat and len(schedule) > 4:
        # The resume of a run killed inside a commit is itself killed inside the same commit.
        middle = next(i for i, (p, _) in enumerate(schedule) if p == "inside-commit" and i >= len(schedule) // 2)
        schedule.insert(middle, schedule[middle])
    return schedule


def run_loop(options):
    edgenas = os.path.abspath(options.edgenas)
    if not os.access(edgenas, os.X_OK):
        print(f"crash_loop: {edgenas} is not an executable edgenas", file=sys.stderr)
        return 2
    if options.budget % options.population:
        print("crash_loop: --budget must be a multiple of --population", file=sys.stderr)
        return 2
    generations = options.budget // options.population
    rng = random.Random(options.schedule_seed)
    started = time.monotonic()
    workdir = os.path.abspath(options.workdir or tempfile.mkdtemp(prefix="edgenas-crash-loop-"))
    os.makedirs(workdir, exist_ok=True)
    reference_db = os.path.join(workdir, "uninterrupted.sqlite")
    killed_db = os.path.join(workdir, "killed.sqlite")
    for path in (reference_db, killed_db):
        for suffix in ("", "-wal", "-shm", ".writers"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)

    made = survived = 0
    try:
        reference_started = time.monotonic()
        whole = Writer(search_args(edgenas, reference_db, options), workdir, "uninterrupted")
        if whole.wait_stopped_or_ended(options.timeout) != "ended" or whole.exit_code() != 0:
            whole.kill()
            fail(f"the uninterrupted run failed: {whole.stderr()}")
        reference_seconds = time.monotonic() - reference_started
        reference = snapshot(reference_db)
        interval = generation_interval(reference)
        if reference["status"] != "finished" or last_generation(reference) != generations - 1:
            fail(f"the uninterrupted run ended {reference['status']} after generation {last_generation(reference)}")

        schedule = [("forced", point, g) for point, g in forced_schedule(options.kills, generations, options.repeat)]
        # Timed kills go after forced ones whose next forced generation is far enough ahead that
        # a random moment within 1.5 generations after one more commit cannot overrun it.
        gaps = [i for i in range(len(schedule))
                if schedule[i][1] == "after-commit"
                and (i + 1 == len(schedule) and schedule[i][2] + 4 < generations
                     or i + 1 < len(schedule) and schedule[i + 1][2] - schedule[i][2] >= 5)]
        for i in sorted(rng.sample(gaps, min(options.timed, len(gaps))), reverse=True):
            schedule.insert(i + 1, ("timed", None, None))
        if sum(1 for s in schedule if s[0] == "timed") < options.timed:
            fail(f"room for only {len(gaps)} timed kills in a run of {generations} generations")

        killed_pids = []
        previous = None  # the snapshot after the last kill
        for index, (kind, point, generation) in enumerate(schedule, start=1):
            args = search_args(edgenas, killed_db, options) if index == 1 else resume_args(edgenas, killed_db)
            # Resumes run in another directory than the start, as a user's might: a path the run
            # stored relative to where it started (--table) would break them.
            cwd = None if index == 1 else workdir
            label = f"kill{index:02d}"
            if kind == "forced":
                where = f"{point} of generation {generation}"
                writer = Writer(args, workdir, label, stop_at=f"{point}:{generation}", cwd=cwd)
                outcome = writer.wait_stopped_or_ended(options.timeout)
                made += 1
                if outcome == "stopped" and index > 1:
                    survived += 1  # the previous kill's resume got here
                if outcome != "stopped":
                    writer.kill()
                    fail(f"kill {index} ({where}) did not land: the writer "
                         f"{'ended with exit ' + str(writer.exit_code()) if outcome == 'ended' else 'hung'}"
                         f" before reaching it: {writer.stderr()}")
                if f"stopped at {where}" not in writer.stderr():
                    writer.kill()
                    fail(f"kill {index} ({where}): the writer stopped, but not at the hook: {writer.stderr()}")
                frozen = snapshot(killed_db)  # what other readers see while the writer is frozen there
                if not writer.kill():
                    fail(f"kill {index} ({where}): SIGKILL did not end the writer")
                expected_last = generation if point == "after-commit" else generation - 1
            else:
                where = "a random moment after one more commit"
                # A guard, should the writer outrun the delay (a machine far less busy than during
                # the uninterrupted run): it freezes before the next forced point's commit, so the
                # next kill can still land there.
                following = [g for kind_, _, g in schedule[index:] if kind_ == "forced"]
                guard = f"before-commit:{following[0]}" if following else None
                writer = Writer(args, workdir, label, stop_at=guard, cwd=cwd)
                floor = last_generation(previous)
                deadline = time.monotonic() + options.timeout
                while committed_generation(killed_db) <= floor:
                    if not writer.running():
                        fail(f"kill {index} (timed): the resume ended (exit {writer.exit_code()}) before "
                             f"committing a generation: {writer.stderr()}")
                    if time.monotonic() > deadline:
                        writer.kill()
                        fail(f"kill {index} (timed): no generation committed in {options.timeout} s")
                    time.sleep(0.005)
                survived += 1  # the previous kill's resume committed a generation
                delay = rng.uniform(0.0, 1.5 * interval)
                time.sleep(delay)
                made += 1
                alive = writer.running()
                if not alive or not writer.kill():
                    fail(f"kill {index} (timed, {delay * 1000:.0f} ms after a commit) did not land: the writer "
                         f"ended by itself (exit {writer.exit_code()}): {writer.stderr()}")
                frozen = None
                expected_last = None
            killed_pids.append(writer.pid)

            after = snapshot(killed_db)
            when = f"after kill {index} ({where})"
            last = last_generation(after)
            if expected_last is not None and last != expected_last:
                fail(f"{when}: the last committed generation is {last}, expected {expected_last}")
            if frozen is not None:
                check_nothing_lost(frozen, after, when + ", compared with the frozen writer's view")
                if frozen != after:
                    fail(f"{when}: the database changed between the freeze and the kill")
            if previous is not None:
                check_nothing_lost(previous, after, when)
            check_against_reference(after, reference, when)
            if after["status"] != "running":
                fail(f"{when}: the run's status is {after['status']!r}, expected 'running'")
            extra = "" if kind == "forced" else f", {delay * 1000:.0f} ms after generation {floor + 1} was seen"
            if kind == "timed" and "edgenas test hook: stopped" in writer.stderr():
                extra += " (frozen by then at the guard before the next forced point)"
            print(f"kill {index:2d}/{len(schedule)}: {kind:6s} {where}{extra}; generations 0..{last} "
                  f"and {len(after['candidates'])} candidates kept", flush=True)
            previous = after

        final = Writer(resume_args(edgenas, killed_db), workdir, "final", cwd=workdir)
        if final.wait_stopped_or_ended(options.timeout) != "ended" or final.exit_code() != 0:
            final.kill()
            fail(f"the final resume failed (exit {final.exit_code()}): {final.stderr()}")
        survived += 1  # the last kill's resume ran to the end
        end = snapshot(killed_db)
        check_nothing_lost(previous, end, "after the final resume")
        if end["status"] != "finished":
            fail(f"after the final resume the run is {end['status']!r}, not finished")
        for part in ("generations", "candidates", "metrics"):
            diff = first_difference(comparable(end)[part], comparable(reference)[part], part[:-1])
            if diff:
                fail(f"the resumed run differs from the uninterrupted run: {diff}")
        shown_killed = front_of(edgenas, killed_db)
        shown_whole = front_of(edgenas, reference_db)
        if shown_killed != shown_whole:
            fail(f"the final fronts differ:\n  killed and resumed: {shown_killed}\n  uninterrupted:      {shown_whole}")
        wanted = [f"process {pid}" for pid in killed_pids]
        if len(end["takeovers"]) != len(wanted) or any(
                w not in t for w, t in zip(wanted, end["takeovers"])):
            fail(f"the run's log names {len(end['takeovers'])} takeovers for {len(wanted)} kills: "
                 f"{end['takeovers']}")
    except CrashLoopFailure as problem:
        print(f"crash_loop: FAILED: {problem}", file=sys.stderr)
        print(f"crash_loop: {survived} of {made} kills survived before the failure; files kept in {workdir}",
              file=sys.stderr)
        return 1

    seconds = time.monotonic() - started
    forced = sum(1 for s in schedule if s[0] == "forced")
    print(f"crash loop: {survived} of {made} kills survived ({forced} forced at commit points, "
          f"{made - forced} timed), every resume succeeded, {len(end['generations'])} generations and "
          f"{len(end['candidates'])} candidates equal to the uninterrupted run, final front of "
          f"{len(shown_whole[4])} equal; {seconds:.1f} s wall (uninterrupted run alone {reference_seconds:.1f} s)")
    if not options.workdir:
        for name in os.listdir(workdir):
            os.remove(os.path.join(workdir, name))
        os.rmdir(workdir)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edgenas", required=True, help="the edgenas executable")
    parser.add_argument("--long", action="store_true",
                        help="the benchmark: 24 forced and 6 timed kills on a 50-generation run")
    parser.add_argument("--kills", type=int, default=6, help="kills forced at commit points (default 6)")
    parser.add_argument("--timed", type=int, default=1, help="kills at random moments (default 1)")
    parser.add_argument("--repeat", action="store_true",
                        help="also kill one resume inside the same commit its predecessor died in")
    parser.add_argument("--budget", type=int, default=300, help="evaluations (default 300)")
    parser.add_argument("--population", type=int, default=20, help="population (default 20)")
    parser.add_argument("--seed", type=int, default=7, help="the search's seed (default 7)")
    parser.add_argument("--space", default="mobilenet", help="search space (default mobilenet)")
    parser.add_argument("--objectives", default="params,latency",
                        help="deterministic objectives only: params, macs, latency, energy (default params,latency)")
    parser.add_argument("--device", default="raspberry-pi-4",
                        help="a device whose latency is modelled, not timed (default raspberry-pi-4), or host "
                             "with a --table that covers the space")
    parser.add_argument("--table", help="latency table of the device (edgenas probe), relative to the current "
                                        "directory if you like: the resumes run elsewhere")
    parser.add_argument("--schedule-seed", type=int, default=1, help="seed of the timed kills' moments")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one process may take (default 120)")
    parser.add_argument("--workdir", help="keep the databases and logs here (default: a temporary folder, "
                                          "removed after a success)")
    options = parser.parse_args()
    if options.long:
        options.kills, options.timed, options.repeat, options.budget = 24, 6, True, 1000
    if options.kills < 1 or options.timed < 0 or options.population < 2 or options.budget < options.population:
        parser.error("need --kills >= 1, --timed >= 0, --population >= 2 and --budget >= --population")
    return run_loop(options)


if __name__ == "__main__":
    sys.exit(main())
