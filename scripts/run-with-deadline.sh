#!/usr/bin/env bash
# Usage: run-with-deadline.sh SECONDS COMMAND [ARG...]
# Runs COMMAND (the test suite) in a session of its own. If it is still running after SECONDS, prints what every
# process of that session is doing — its command line, its native threads' stacks (gdb) and, for Node processes, the
# JavaScript stack (Node's diagnostic report, written on SIGUSR2) — then kills them all and exits 124. Nothing is
# retried: a hang is a failure to look at, not to hide.
set -uo pipefail
deadline=$1
shift
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# Every Node process of the run writes a report (with its JavaScript stack) into $reports on SIGUSR2.
export NODE_OPTIONS="${NODE_OPTIONS:-} --report-on-signal --report-signal=SIGUSR2 --report-directory=$reports"

setsid "$@" &
leader=$!
end=$((SECONDS + deadline))
while kill -0 "$leader" 2>/dev/null; do
  if [ "$SECONDS" -ge "$end" ]; then
    echo "run-with-deadline: '$*' still running after ${deadline} s; what each of its processes is doing:" >&2
    pids=$(ps -o pid= --sid "$leader" | tr -d ' ')
    for pid in $pids; do
      echo "=== process $pid: $(ps -o etimes= -p "$pid" | tr -d ' ') s: $(ps -o args= -p "$pid" | cut -c1-300)" >&2
      if command -v gdb >/dev/null; then
        timeout 30 gdb -batch -nx -p "$pid" -ex 'thread apply all bt 30' 2>/dev/null | grep -E '^(Thread|#)' >&2
      else
        echo "(gdb is not installed: no native stacks)" >&2
      fi
    done
    # Then the JavaScript side. Last: a Node process busy in JavaScript cannot run the report's handler, and may die of
    # the signal instead, after gdb has had its stacks.
    node=$(readlink -f "$(command -v node)")
    for pid in $pids; do
      [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$node" ] && kill -USR2 "$pid" 2>/dev/null
    done
    sleep 2
    for report in "$reports"/*.json; do
      [ -e "$report" ] || continue
      node -e '
        const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const stack = report.javascriptStack ?? {};
        console.error(`=== JavaScript stack of process ${report.header.processId} (${report.header.commandLine.join(" ").slice(0, 200)}):`);
        console.error(`${stack.message ?? ""}\n${(stack.stack ?? []).join("\n")}`);
        // What its event loop waits for (an idle process has no JavaScript stack): sockets, timers, processes.
        const handles = (report.libuv ?? []).filter((handle) => handle.is_active);
        console.error(handles.map((handle) => `  ${handle.type}${handle.remoteEndpoint ? ` to ${handle.remoteEndpoint.host}:${handle.remoteEndpoint.port}` : ""}${handle.localEndpoint ? ` from ${handle.localEndpoint.host}:${handle.localEndpoint.port}` : ""}`).join("\n"));
      ' "$report"
    done
    kill -KILL -- "-$leader" 2>/dev/null
    wait "$leader" 2>/dev/null
    exit 124
  fi
  sleep 1
done
wait "$leader"
