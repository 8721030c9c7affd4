/**
 * Node cannot allocate a pseudo-terminal without a native addon (node-pty), so a tiny python3 process
 * does it: it opens a pty in raw mode, prints the slave path, then copies its stdin to the master (what the
 * "scanner" sends) and the master to its stdout (what the till sends). End of stdin closes the master, which
 * a till reading the slave sees as an unplug. python3's standard library is all it needs.
 *
 * Whether a till has the port open is read from the pty itself, not guessed from what the till does on open:
 * the relay closes its own copy of the slave, so the master reports a hang-up (POLLHUP) exactly while nobody
 * has the slave open. The relay looks 20 times a second while the port is closed (Linux gives the master no
 * event when the slave is opened) and reports each change as a line "open" or "closed" on stderr.
 * The master also runs in packet mode, so the flush a till does when it opens the line (serialport does)
 * arrives as a packet, reported as a line "flush": bytes sent before it would be thrown away by that very
 * flush, as with a real scanner. Not every till flushes (serialport skips it at a non-standard baud rate),
 * which is why "open" alone must be enough (see tillOpenDetector.ts).
 */
export const PTY_RELAY_PY = String.raw`
import fcntl, os, pty, select, struct, termios, tty
master, slave = pty.openpty()
tty.setraw(slave)
packet = hasattr(termios, "TIOCPKT")
if packet:
    fcntl.ioctl(master, termios.TIOCPKT, struct.pack("i", 1))
os.write(1, (os.ttyname(slave) + "\n").encode())
os.close(slave)
probe = select.poll()
probe.register(master, select.POLLIN)
stdin_only = select.poll()
stdin_only.register(0, select.POLLIN)
both = select.poll()
both.register(0, select.POLLIN)
both.register(master, select.POLLIN)
till_open = False
while True:
    hung_up = any(events & select.POLLHUP for _, events in probe.poll(0))
    if till_open == hung_up:
        till_open = not hung_up
        os.write(2, b"open\n" if till_open else b"closed\n")
    ready = dict(both.poll() if till_open else stdin_only.poll(50))
    if ready.get(0, 0):
        data = os.read(0, 65536)
        if not data:
            break
        view = memoryview(data)
        while view:
            view = view[os.write(master, view):]
    if ready.get(master, 0) & select.POLLIN:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            continue
        if not packet:
            os.write(1, data)
        elif data[0] == 0:
            os.write(1, data[1:])
        elif data[0] & 3:
            os.write(2, b"flush\n")
`;
