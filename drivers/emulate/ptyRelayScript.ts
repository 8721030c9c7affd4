/**
 * Node cannot allocate a pseudo-terminal without a native addon (node-pty), so a tiny python3 process
 * does it: it opens a pty in raw mode, prints the slave path, then copies its stdin to the master (what the
 * "scanner" sends) and the master to its stdout (what the till sends). End of stdin closes the master, which
 * a till reading the slave sees as an unplug. python3's standard library is all it needs.
 *
 * The master runs in packet mode so we learn when the till opens the port: serialport flushes the line when
 * it opens it, which arrives as a flush packet; the relay reports it as a line "flush" on stderr. Bytes sent
 * before that would be thrown away by that very flush, as with a real scanner.
 */
export const PTY_RELAY_PY = String.raw`
import fcntl, os, pty, select, struct, sys, termios, tty
master, slave = pty.openpty()
tty.setraw(slave)
packet = hasattr(termios, "TIOCPKT")
if packet:
    fcntl.ioctl(master, termios.TIOCPKT, struct.pack("i", 1))
os.write(1, (os.ttyname(slave) + "\n").encode())
watched = [0, master]
while True:
    readable, _, _ = select.select(watched, [], [])
    if 0 in readable:
        data = os.read(0, 65536)
        if not data:
            break
        view = memoryview(data)
        while view:
            view = view[os.write(master, view):]
    if master in readable:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            watched = [0]
        elif not packet:
            os.write(1, data)
        elif data[0] == 0:
            os.write(1, data[1:])
        elif data[0] & 3:
            os.write(2, b"flush\n")
`;
