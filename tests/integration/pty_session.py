#!/usr/bin/env python3
"""A person at a terminal, scripted: runs COMMAND on a pseudo-terminal, waits
for each --expect (a regular expression on what it printed so far, after the
previous match) and then types its --send text (a \\r ends a line, as the
Enter key does).  Everything COMMAND printed goes to TRANSCRIPT.

    pty_session.py TRANSCRIPT SECONDS [--expect REGEX | --send TEXT]... -- COMMAND [ARG...]

Exits with COMMAND's status, or 124 when an --expect is not met in SECONDS
(from the start), or when COMMAND does not end by then.
"""
import os
import pty
import re
import select
import signal
import sys
import time


def parse(argv):
    transcript, seconds = argv[1], float(argv[2])
    steps, i = [], 3
    while argv[i] != "--":
        text = argv[i + 1]
        # --send's \r and \n are keys; --expect's backslashes are the regex's.
        steps.append((argv[i], text.replace("\\r", "\r").replace("\\n", "\n") if argv[i] == "--send" else text))
        i += 2
    return transcript, seconds, steps, argv[i + 1:]


def read_some(fd, out, log):
    if not select.select([fd], [], [], 0.1)[0]:
        return True
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    if not data:
        return False
    out.extend(data)
    log.write(data)
    log.flush()
    return True


def stop(pid):
    """SIGINT to the command's whole session (its process group), then SIGKILL."""
    os.killpg(pid, signal.SIGINT)
    for _ in range(100):
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.1)
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def main():
    transcript, seconds, steps, command = parse(sys.argv)
    deadline = time.monotonic() + seconds
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    out, seen = bytearray(), 0
    with open(transcript, "wb") as log:
        alive = True
        for kind, text in steps:
            if kind == "--send":
                time.sleep(0.3)
                os.write(fd, text.encode())
                continue
            pattern = re.compile(text.encode())
            while alive and not pattern.search(out, seen):
                if time.monotonic() > deadline:
                    print(f"pty_session: no /{text}/ within {seconds:.0f} s", file=sys.stderr)
                    stop(pid)
                    sys.exit(124)
                alive = read_some(fd, out, log)
            match = pattern.search(out, seen)
            if not match:
                print(f"pty_session: the command ended before /{text}/", file=sys.stderr)
                os.waitpid(pid, 0)
                sys.exit(1)
            seen = match.end()
        while alive and time.monotonic() < deadline:
            alive = read_some(fd, out, log)
    if alive:
        print(f"pty_session: the command did not end within {seconds:.0f} s", file=sys.stderr)
        stop(pid)
        sys.exit(124)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
