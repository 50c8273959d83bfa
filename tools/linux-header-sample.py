#!/usr/bin/env python3
"""Writes tests/unit/linux_header_sample.h from a bzImage: its setup header
only (0x1f1 up to the header's end), no kernel code, plus the numbers the
unit test checks the parser against, computed here independently.

  tools/linux-header-sample.py BZIMAGE |
      clang-format --assume-filename=sample.h > tests/unit/linux_header_sample.h"""
import struct
import sys


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        data = f.read()
    header_end = 0x202 + data[0x201]
    header = data[0x1F1:header_end]
    setup_sects = data[0x1F1] or 4
    syssize, = struct.unpack_from("<I", data, 0x1F4)
    version, = struct.unpack_from("<H", data, 0x206)
    init_size, = struct.unpack_from("<I", data, 0x260)
    setup_bytes = (setup_sects + 1) * 512
    print("/*")
    print(" * The setup header of the test kernel's bzImage (tools/linux-kernel.sh:")
    print(" * linux-source-6.1 with tests/linux/kernel.config), bytes 0x1f1 to 0x%x." % header_end)
    print(" * Header bytes only, no kernel code.  Made by")
    print(" * tools/linux-header-sample.py; the image was %d bytes." % len(data))
    print(" */")
    print("#ifndef TESTS_UNIT_LINUX_HEADER_SAMPLE_H")
    print("#define TESTS_UNIT_LINUX_HEADER_SAMPLE_H")
    print()
    print("#include <stdint.h>")
    print()
    print("#define LINUX_SAMPLE_VERSION	    0x%04x" % version)
    print("#define LINUX_SAMPLE_HEADER_END	    0x%x" % header_end)
    print("#define LINUX_SAMPLE_SETUP_BYTES   %d" % setup_bytes)
    print("#define LINUX_SAMPLE_IMAGE_BYTES   %d" % (setup_bytes + syssize * 16))
    print("#define LINUX_SAMPLE_INIT_SIZE	    0x%x" % init_size)
    print()
    print("static const uint8_t linux_sample_header[] = {")
    for i in range(0, len(header), 12):
        print("\t" + " ".join("0x%02x," % b for b in header[i:i + 12]))
    print("};")
    print()
    print("#endif")


if __name__ == "__main__":
    main()
