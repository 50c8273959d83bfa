#!/usr/bin/env python3
"""Writes the test initramfs: an uncompressed cpio archive in the "newc"
format the kernel unpacks (Documentation/driver-api/early-userspace/
buffer-format.rst in linux-source-6.1).

  tools/linux-initramfs.py -o OUT --init INIT --busybox BUSYBOX --proof PROOF

Holds /init (a busybox sh script), /bin/busybox with /bin/sh linked to it,
/bin/guest-proof, the mount points and /dev/console.  Every time stamp and
owner is 0, so the same inputs give the same bytes."""
import argparse
import os
import stat

MAGIC = b"070701"


class Cpio:
    def __init__(self, out):
        self.out = out
        self.ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_bytes = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0,
                  len(data), 0, 0, rdev[0], rdev[1], len(name_bytes), 0]
        self.ino += 1
        header = MAGIC + b"".join(b"%08x" % f for f in fields)
        self._write(header + name_bytes)
        self._write(data)

    def _write(self, data):
        self.out.write(data)
        self.out.write(b"\0" * (-len(data) % 4))

    def directory(self, name):
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, path, mode=0o755):
        with open(path, "rb") as f:
            self._entry(name, stat.S_IFREG | mode, f.read())

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def char_device(self, name, major, minor, mode=0o600):
        self._entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def close(self):
        self._entry("TRAILER!!!", 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--init", required=True)
    parser.add_argument("--busybox", required=True)
    parser.add_argument("--proof", required=True)
    args = parser.parse_args()

    tmp = args.output + ".tmp"
    with open(tmp, "wb") as out:
        cpio = Cpio(out)
        for d in ("dev", "proc", "sys", "bin", "sbin", "tmp"):
            cpio.directory(d)
        cpio.char_device("dev/console", 5, 1)
        cpio.char_device("dev/null", 1, 3, 0o666)
        cpio.file("bin/busybox", args.busybox)
        cpio.symlink("bin/sh", "busybox")
        cpio.file("bin/guest-proof", args.proof)
        cpio.file("init", args.init)
        cpio.close()
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
