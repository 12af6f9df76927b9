#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal and relays bytes: our stdin -> the terminal's input,
the terminal's output -> our stdout. Used by the end-to-end tests, which need a real terminal
but must run in CI without one. Usage: pty-bridge.py COLS ROWS -- CMD ARGS..."""
import fcntl, os, pty, select, signal, struct, sys, termios

cols, rows = int(sys.argv[1]), int(sys.argv[2])
cmd = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
stdin = sys.stdin.fileno()
os.set_blocking(stdin, False)
os.set_blocking(fd, False)
status = 0
pending = b''  # typed input the terminal has not taken yet: written as it drains, while its output is read
closing = False
try:
    while True:
        r, w, _ = select.select([fd] + ([] if closing else [stdin]), [fd] if pending else [], [], 0.05)
        if fd in r:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                data = None
            except OSError:
                break
            if data == b'':
                break
            if data:
                os.write(sys.stdout.fileno(), data)
        if fd in w and pending:
            try:
                pending = pending[os.write(fd, pending[:4096]):]
            except BlockingIOError:
                pass
        if closing and not pending:
            os.kill(pid, signal.SIGHUP)
            break
        if not closing and stdin in r:
            data = os.read(stdin, 65536)
            if not data:
                closing = True
            else:
                pending += data
finally:
    try:
        _, st = os.waitpid(pid, 0)
        status = os.waitstatus_to_exitcode(st)
    except ChildProcessError:
        pass
sys.exit(status if status >= 0 else 128 - status)
