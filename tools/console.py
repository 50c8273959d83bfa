#!/usr/bin/env python3
"""The terminal as the guest's COM1 (make run, make run-linux on a terminal).

    tools/console.py LOG -- COMMAND [ARG...]

Makes a pseudo-terminal, runs COMMAND with CONSOLE_PTY naming its device (the
runners in tools/emu.sh hand it to the emulator as COM1), and joins this
terminal to it in raw mode: typed keys reach the guest, Ctrl-C included, and
what the guest sends appears here and in LOG.  Ctrl-] ends the run: COMMAND
gets SIGINT (Bochs ignores SIGTERM) and the exit status is COMMAND's.
"""
import os
import select
import signal
import subprocess
import sys
import termios
import tty

QUIT_KEY = b"\x1d"  # Ctrl-], as telnet has it


def stop(child):
    """SIGINT to COMMAND's group (Bochs stops on it), SIGKILL if it lingers: its
    debugger, stopped by SIGINT, may wait for a command that never comes."""
    try:
        os.killpg(child.pid, signal.SIGINT)
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def bridge(master, child, log):
    """Copy keys to the guest and its output to the terminal and LOG until COMMAND ends."""
    stdin = sys.stdin.fileno()
    while child.poll() is None:
        ready, _, _ = select.select([master, stdin], [], [], 0.1)
        if master in ready:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            if data:
                os.write(sys.stdout.fileno(), data)
                log.write(data)
                log.flush()
        if stdin in ready:
            keys = os.read(stdin, 1024)
            if QUIT_KEY in keys:
                os.write(sys.stdout.fileno(), b"\r\nconsole: Ctrl-] pressed, stopping the emulator\r\n")
                stop(child)
                break
            os.write(master, keys)
    rc = child.wait()
    drain(master, log)
    return rc


def drain(master, log):
    """What the guest sent last, still in the pseudo-terminal (the report)."""
    while select.select([master], [], [], 0.2)[0]:
        try:
            data = os.read(master, 4096)
        except OSError:
            return
        if not data:
            return
        os.write(sys.stdout.fileno(), data)
        log.write(data)
        log.flush()


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: console.py LOG -- COMMAND [ARG...]")
    master, slave = os.openpty()
    # The emulator sets its own line discipline; start from raw, no echo.
    tty.setraw(slave)
    env = dict(os.environ, CONSOLE_PTY=os.ttyname(slave))
    with open(sys.argv[1], "wb") as log:
        child = subprocess.Popen(sys.argv[3:], env=env, stdin=subprocess.DEVNULL, start_new_session=True)
        # The emulator is in a session of its own: a signal to this program
        # (the terminal hung up, a script's SIGINT) must reach it.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, lambda *_: (stop(child), sys.exit(130)))
        saved = termios.tcgetattr(sys.stdin.fileno())
        tty.setraw(sys.stdin.fileno())
        try:
            rc = bridge(master, child, log)
        finally:
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
    sys.exit(rc)


if __name__ == "__main__":
    main()
