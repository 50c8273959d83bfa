#!/usr/bin/env python3
"""Writes the seed corpora and dictionaries for the fuzzers in tests/fuzz.

    tests/fuzz/make_seeds.py OUTDIR

creates OUTDIR/<target>/*.bin (or *.txt) for the targets multiboot2,
vmx_dump, cmdline, acpi_power and guest_image, and OUTDIR/<target>.dict where a
dictionary helps.  The ACPI seeds come from tests/fuzz/acpi_seeds.c, which builds them with the unit
tests' table builders.  The seeds are valid inputs shaped like what real
firmware and boot loaders produce, so the fuzzers start from deep inside
the parsers.  They are generated
rather than committed so that they stay readable and reviewable here.
"""

import os
import struct
import sys

# ---------------------------------------------------------------- Multiboot2
# Specification 2.0, section 3.6: a { total_size, reserved } header, then
# 8-byte aligned tags { type, size, payload }, then an end tag { 0, 8 }.

MB2_CMDLINE = 1
MB2_LOADER_NAME = 2
MB2_MODULE = 3
MB2_BASIC_MEMINFO = 4
MB2_BOOTDEV = 5
MB2_MMAP = 6
MB2_FRAMEBUFFER = 8
MB2_ELF_SECTIONS = 9
MB2_APM = 10
MB2_EFI64_SYSTAB = 12
MB2_ACPI_OLD = 14
MB2_ACPI_NEW = 15
MB2_EFI_MMAP = 17
MB2_EFI_BS_ACTIVE = 18
MB2_EFI64_IMAGE_HANDLE = 20
MB2_LOAD_BASE = 21

E820_AVAILABLE = 1
E820_RESERVED = 2
E820_ACPI = 3
E820_NVS = 4


def pad8(b):
    return b + bytes(-len(b) % 8)


def mb2_tag(tag_type, payload):
    return pad8(struct.pack("<II", tag_type, 8 + len(payload)) + payload)


def mb2_info(tags):
    body = b"".join(tags) + struct.pack("<II", 0, 8)
    return struct.pack("<II", 8 + len(body), 0) + body


def mb2_string(tag_type, text):
    return mb2_tag(tag_type, text.encode() + b"\0")


def mb2_mmap(entries, entry_size=24):
    payload = struct.pack("<II", entry_size, 0)
    for base, length, kind in entries:
        entry = struct.pack("<QQII", base, length, kind, 0)
        payload += entry + bytes(entry_size - len(entry))
    return mb2_tag(MB2_MMAP, payload)


def mb2_module(start, end, name):
    return mb2_tag(MB2_MODULE, struct.pack("<II", start, end) +
                   name.encode() + b"\0")


def mb2_fb_common(addr, pitch, width, height, bpp, fb_type):
    return struct.pack("<QIIIBBH", addr, pitch, width, height, bpp,
                       fb_type, 0)


def mb2_fb_ega():
    return mb2_tag(MB2_FRAMEBUFFER,
                   mb2_fb_common(0xB8000, 160, 80, 25, 16, 2))


def mb2_fb_rgb(width=1024, height=768):
    colors = struct.pack("<6B", 16, 8, 8, 8, 0, 8)
    return mb2_tag(MB2_FRAMEBUFFER,
                   mb2_fb_common(0x80000000, width * 4, width, height, 32,
                                 1) + colors)


def mb2_fb_indexed():
    palette = struct.pack("<H", 3) + bytes([0, 0, 0, 255, 255, 255,
                                            170, 0, 0])
    return mb2_tag(MB2_FRAMEBUFFER,
                   mb2_fb_common(0xA0000, 320, 320, 200, 8, 0) + palette)


def bios_mmap():
    """An e820 map like SeaBIOS gives a 128 MiB QEMU guest."""
    return [
        (0x0, 0x9FC00, E820_AVAILABLE),
        (0x9FC00, 0x400, E820_RESERVED),
        (0xF0000, 0x10000, E820_RESERVED),
        (0x100000, 0x7EE0000, E820_AVAILABLE),
        (0x7FE0000, 0x20000, E820_RESERVED),
        (0xFEFFC000, 0x4000, E820_RESERVED),
        (0xFFFC0000, 0x40000, E820_RESERVED),
    ]


def uefi_mmap():
    """A converted EFI map like GRUB gives under OVMF."""
    return [
        (0x0, 0xA0000, E820_AVAILABLE),
        (0x100000, 0x700000, E820_AVAILABLE),
        (0x800000, 0x8000, E820_NVS),
        (0x808000, 0x3000, E820_AVAILABLE),
        (0x80B000, 0x1000, E820_NVS),
        (0x80C000, 0x5000, E820_AVAILABLE),
        (0x811000, 0xEF000, E820_NVS),
        (0x900000, 0x7A00000, E820_AVAILABLE),
        (0x7B7E000, 0x8000, E820_ACPI),
        (0x7F78000, 0x88000, E820_NVS),
        (0xFFC00000, 0x400000, E820_RESERVED),
        (0xFD00000000, 0x300000000, E820_RESERVED),
    ]


def efi_mmap_tag(count=8):
    """EFI memory descriptors: type, pad, phys, virt, pages, attribute."""
    desc_size = 48
    payload = struct.pack("<II", desc_size, 1)
    for i in range(count):
        desc = struct.pack("<IIQQQQ", 7, 0, i * 0x100000, 0, 0x100, 0xF)
        payload += desc + bytes(desc_size - len(desc))
    return mb2_tag(MB2_EFI_MMAP, payload)


# The RSDP copies in the ACPI tags (ACPI 6.5 section 5.2.5.3).  The ACPI
# fuzzer's own seeds are built in C: tests/fuzz/acpi_seeds.c.

def checksum_fix(data, at):
    data = bytearray(data)
    data[at] = 0
    data[at] = -sum(data) & 0xFF
    return bytes(data)


def rsdp_v1(rsdt, revision=0, oem=b"BOCHS "):
    raw = b"RSD PTR " + b"\0" + oem + bytes([revision]) + \
        struct.pack("<I", rsdt)
    return checksum_fix(raw, 8)


def rsdp_v2(rsdt, xsdt, oem=b"BOCHS "):
    raw = rsdp_v1(rsdt, 2, oem) + struct.pack("<IQ", 36, xsdt) + bytes(4)
    return checksum_fix(raw, 32)


def multiboot2_seeds():
    old_rsdp = rsdp_v1(0x7FE1000)
    new_rsdp = rsdp_v2(0x7B7D000, 0x7B7E000)
    common = [
        mb2_tag(MB2_LOAD_BASE, struct.pack("<I", 0x100000)),
        mb2_string(MB2_CMDLINE, "serial=1 smp=4 log=debug"),
        mb2_string(MB2_LOADER_NAME, "GRUB 2.06-13+deb12u1"),
    ]
    bios = common + [
        mb2_module(0x200000, 0x212345, "/boot/guest.bin guest=1"),
        mb2_tag(MB2_BASIC_MEMINFO, struct.pack("<II", 639, 130944)),
        mb2_tag(MB2_BOOTDEV, struct.pack("<III", 0x80, 0xFFFFFFFF,
                                         0xFFFFFFFF)),
        mb2_mmap(bios_mmap()),
        mb2_fb_ega(),
        mb2_tag(MB2_ELF_SECTIONS, struct.pack("<HHHH", 4, 64, 3, 0) +
                bytes(4 * 64)),
        mb2_tag(MB2_APM, struct.pack("<HHIHHHHH", 0x0102, 0xF000, 0xFD4E,
                                     0xF000, 3, 0xF000, 0xFFF0, 0xFFF0)),
        mb2_tag(MB2_ACPI_OLD, old_rsdp),
    ]
    uefi = common + [
        mb2_tag(MB2_EFI64_SYSTAB, struct.pack("<Q", 0x7F9EE018)),
        mb2_tag(MB2_EFI64_IMAGE_HANDLE, struct.pack("<Q", 0x7E1B9A18)),
        mb2_mmap(uefi_mmap()),
        efi_mmap_tag(),
        mb2_fb_rgb(),
        mb2_tag(MB2_ACPI_OLD, old_rsdp),
        mb2_tag(MB2_ACPI_NEW, new_rsdp),
    ]
    seeds = {
        "bios": mb2_info(bios),
        "uefi": mb2_info(uefi),
        "uefi_bs_active": mb2_info(uefi + [mb2_tag(MB2_EFI_BS_ACTIVE, b"")]),
        # The 2.0 RSDP must win even when the 1.0 one comes after it.
        "uefi_rsdp_order": mb2_info(common + [
            mb2_tag(MB2_ACPI_NEW, new_rsdp), mb2_tag(MB2_ACPI_OLD, old_rsdp)]),
        "minimal": mb2_info([]),
        "unknown_tags": mb2_info([mb2_tag(99, b"\x01\x02\x03"),
                                  mb2_tag(0x7FFFFFFF, b"")] + common),
        "long_cmdline": mb2_info([mb2_string(MB2_CMDLINE, "x" * 300)]),
        "many_modules": mb2_info([
            mb2_module(0x200000 + i * 0x1000, 0x200800 + i * 0x1000,
                       "mod%d" % i) for i in range(18)]),
        "mmap_wide_entries": mb2_info([mb2_mmap(bios_mmap(), 32)]),
        "mmap_overflow": mb2_info([mb2_mmap(
            [(i * 0x1000, 0x1000, 1 + i % 5) for i in range(260)])]),
        "fb_indexed": mb2_info([mb2_fb_indexed()]),
        "fb_rgb_small": mb2_info([mb2_fb_rgb(640, 480)]),
    }
    return {name + ".bin": data for name, data in seeds.items()}


# ------------------------------------------------------------------ VMX dump
# "NAME=VALUE" lines as vmx_snapshot_parse_line() reads them.

VMX_NAMES = [
    "CPUID_VENDOR", "CPUID_01H_ECX", "CPUID_80000000H_EAX",
    "CPUID_80000008H_EAX", "IA32_FEATURE_CONTROL", "IA32_VMX_BASIC",
    "IA32_VMX_PINBASED_CTLS", "IA32_VMX_PROCBASED_CTLS",
    "IA32_VMX_EXIT_CTLS", "IA32_VMX_ENTRY_CTLS", "IA32_VMX_MISC",
    "IA32_VMX_CR0_FIXED0", "IA32_VMX_CR0_FIXED1", "IA32_VMX_CR4_FIXED0",
    "IA32_VMX_CR4_FIXED1", "IA32_VMX_VMCS_ENUM", "IA32_VMX_PROCBASED_CTLS2",
    "IA32_VMX_EPT_VPID_CAP", "IA32_VMX_TRUE_PINBASED_CTLS",
    "IA32_VMX_TRUE_PROCBASED_CTLS", "IA32_VMX_TRUE_EXIT_CTLS",
    "IA32_VMX_TRUE_ENTRY_CTLS", "IA32_VMX_VMFUNC",
]

# Values shaped like a recent Intel desktop part's.
VMX_INTEL = {
    "CPUID_VENDOR": "GenuineIntel",
    "CPUID_01H_ECX": "0x7ffafbbf",
    "CPUID_80000000H_EAX": "0x80000008",
    "CPUID_80000008H_EAX": "0x3027",
    "IA32_FEATURE_CONTROL": "0x5",
    "IA32_VMX_BASIC": "0xda040000000004",
    "IA32_VMX_PINBASED_CTLS": "0x7f00000016",
    "IA32_VMX_PROCBASED_CTLS": "0xfff9fffe0401e172",
    "IA32_VMX_EXIT_CTLS": "0x1ffffff00036dff",
    "IA32_VMX_ENTRY_CTLS": "0x3ffff000011ff",
    "IA32_VMX_MISC": "0x7004c1e7",
    "IA32_VMX_CR0_FIXED0": "0x80000021",
    "IA32_VMX_CR0_FIXED1": "0xffffffff",
    "IA32_VMX_CR4_FIXED0": "0x2000",
    "IA32_VMX_CR4_FIXED1": "0x3767ff",
    "IA32_VMX_VMCS_ENUM": "0x2e",
    "IA32_VMX_PROCBASED_CTLS2": "0x5ffcff00000000",
    "IA32_VMX_EPT_VPID_CAP": "0xf0106734141",
    "IA32_VMX_TRUE_PINBASED_CTLS": "0x7f00000016",
    "IA32_VMX_TRUE_PROCBASED_CTLS": "0xfff9fffe04006172",
    "IA32_VMX_TRUE_EXIT_CTLS": "0x1ffffff00036dfb",
    "IA32_VMX_TRUE_ENTRY_CTLS": "0x3ffff000011fb",
    "IA32_VMX_VMFUNC": "0x1",
}


def vmx_dump(values, header="# vmx snapshot\n"):
    return (header + "".join("%s=%s\n" % kv for kv in values.items())).encode()


def vmx_seeds():
    nested = dict(VMX_INTEL)
    nested["CPUID_01H_ECX"] = "0xfffa3223"	# hypervisor bit 31 set
    for name in ("IA32_VMX_VMFUNC", "IA32_VMX_PROCBASED_CTLS2"):
        del nested[name]
    decimal = {k: (str(int(v, 16)) if v.startswith("0x") else v)
               for k, v in VMX_INTEL.items()}
    seeds = {
        "intel": vmx_dump(VMX_INTEL),
        "nested_kvm": vmx_dump(nested),
        "intel_decimal": vmx_dump(decimal, "\n# decimal values\n\n"),
        "firmware_off": vmx_dump({"CPUID_VENDOR": "GenuineIntel",
                                  "CPUID_01H_ECX": "0x7ffafbbf",
                                  "IA32_FEATURE_CONTROL": "0x1"}),
        "unlocked": vmx_dump({"CPUID_VENDOR": "GenuineIntel",
                              "CPUID_01H_ECX": "0x7ffafbbf",
                              "IA32_FEATURE_CONTROL": "0x0"}),
        "zhaoxin_quoted": vmx_dump({"CPUID_VENDOR": '"  Shanghai  "',
                                    "CPUID_01H_ECX": "0x7ed8322b"}),
        "amd": vmx_dump({"CPUID_VENDOR": "AuthenticAMD",
                         "CPUID_01H_ECX": "0x7ed8320b"}),
        "unknown_name": b"IA32_VMX_SOMETHING_NEW=0x1\nCPUID_VENDOR=\n",
    }
    return {name + ".txt": data for name, data in seeds.items()}


def cmdline_seeds():
    # byte 0: escape buffer size - 4; byte 1: option name index; then the line.
    lines = [
        (60, 0, b"vmx-selftest vmx-dump ap-timeout-ms=20000"),
        (10, 0, b"ap-timeout-ms=18446744073709551616"),
        (200, 0, b"x\nsummary cpus=9 online=9 vmxon=9 \x1b[2J \"q\" \\"),
        (0, 2, b"test=phantom-cpu test=exception\tap-timeout-ms=0"),
        (255, 0, b"pad" * 90 + b" ap-timeout-ms=abc"),
        (30, 1, b"vmx-dump=\xff\xfe\x7f"),
    ]
    return {"seed%d.bin" % i: bytes([size, name]) + line
            for i, (size, name, line) in enumerate(lines)}


# --------------------------------------------------------------- acpi_power
# byte 0: where the AML prefix is cut (255: whole); then a FADT, a DSDT or
# bare AML (ACPI 6.5 table 5.9 and section 20.2).

def fadt_v6(pm1a=0xB004, pm1b=0, reset=0xCF9, reset_value=6, x_pm1a=0):
    t = bytearray(276)
    t[0:4] = b"FACP"
    struct.pack_into("<I", t, 4, len(t))
    struct.pack_into("<I", t, 40, 0x7FE0040)           # DSDT
    struct.pack_into("<II", t, 64, pm1a, pm1b)           # PM1a/PM1b_CNT_BLK
    t[89] = 2                                            # PM1_CNT_LEN
    struct.pack_into("<I", t, 112, 1 << 10)              # RESET_REG_SUP
    struct.pack_into("<BBBBQ", t, 116, 1, 8, 0, 1, reset)
    t[128] = reset_value
    if x_pm1a:
        struct.pack_into("<BBBBQ", t, 172, 1, 16, 0, 2, x_pm1a)
    return bytes(t)


def dsdt(aml):
    return b"DSDT" + struct.pack("<I", 36 + len(aml)) + bytes(28) + aml


# Name (\_S5, Package (4) { Zero, Zero, Zero, Zero }), as in Bochs's DSDT.
S5_BOCHS = b"\x08_S5_\x12\x06\x04\x00\x00\x00\x00"
S5_ROOT_BYTES = b"\x08\\_S5_\x12\x08\x04\x0a\x05\x0a\x05\x00\x00"
S5_LONG = b"\x08_S5_\x12\x4a\x03\x02\x0b\x07\x00\x0c\x06\x00\x00\x00" + bytes(47)


def acpi_power_seeds():
    inputs = [
        (255, fadt_v6()),
        (255, fadt_v6(pm1a=0x604, pm1b=0x704, reset=0x1004, reset_value=0x0F)),
        (200, fadt_v6(x_pm1a=0x1804)),
        (255, fadt_v6()[:116]),
        (255, dsdt(S5_BOCHS)),
        (128, dsdt(b"\x10\x0a\\" + S5_ROOT_BYTES)),
        (255, S5_LONG),
        (255, b"\x00\x64\xfe\x00\x00\x00\xf9\x0c\x06\x00\x00\x00\x04\xb0\x00\x34"),
    ]
    return {"seed%d.bin" % i: bytes([cut]) + data
            for i, (cut, data) in enumerate(inputs)}


# ------------------------------------------------------------------- output

# ---------------------------------------------------------------- guest images
# Multiboot 0.6.96 3.1.1 and Multiboot2 2.0 3.1.1 headers; ELF program
# headers (System V gABI).  The test kernels of tests/guests/ are added by
# tests/fuzz/run.sh when they have been built.

MB1_MAGIC = 0x1BADB002
MB2_MAGIC = 0xE85250D6


def mb1_header(flags, aout=None):
    h = struct.pack("<III", MB1_MAGIC, flags, (-(MB1_MAGIC + flags)) & 0xFFFFFFFF)
    return h + (struct.pack("<5I", *aout) if aout else b"")


def mb2_header(tags):
    body = b"".join(pad8(struct.pack("<HHI", t, f, 8 + len(p)) + p) for t, f, p in tags)
    body += struct.pack("<HHI", 0, 0, 8)
    length = 16 + len(body)
    return struct.pack("<IIII", MB2_MAGIC, 0, length,
                       (-(MB2_MAGIC + length)) & 0xFFFFFFFF) + body


def elf32(entry, loads):
    eh = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    eh += struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, entry, 64, 0, 0, 52, 32, len(loads), 0, 0, 0)
    ph = b"".join(struct.pack("<8I", 1, *l, 7, 0x1000) for l in loads)
    return eh.ljust(64, b"\0") + ph


def elf64(entry, loads):
    eh = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    eh += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, entry, 64, 0, 0, 64, 56, len(loads), 0, 0, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", 1, 7, l[0], l[1], l[2], l[3], l[4], 0x1000)
                  for l in loads)
    return eh + ph


def at(image, offset, data):
    image = image.ljust(offset, b"\0")
    return image[:offset] + data + image[offset + len(data):]


def guest_image_seeds():
    # (offset, vaddr, paddr, filesz, memsz) for ELF32's fields in file order.
    loads32 = [(0x1000, 0x100000, 0x100000, 0x1000, 0x1000),
               (0x2000, 0x101000, 0x101000, 0x100, 0x3000)]
    mb1_elf = at(elf32(0x100010, loads32), 0x1000, mb1_header(3)).ljust(0x2100, b"\x90")
    mb2_elf = at(elf64(0x100010, [(0x1000, 0x100000, 0x100000, 0x1000, 0x2000)]), 0x1000,
                 mb2_header([(1, 0, struct.pack("<4I", 1, 3, 6, 14)), (6, 0, b"")]))
    mb2_elf = mb2_elf.ljust(0x2000, b"\xf4")
    mb1_aout = at(b"", 0x20, mb1_header(1 << 16, (0x100020, 0x100000, 0x100400, 0x101000,
                                                  0x100040))).ljust(0x400, b"\x90")
    mb2_aout = at(b"", 0x10, mb2_header([(2, 0, struct.pack("<4I", 0x100010, 0x100000, 0, 0x102000)),
                                         (3, 0, struct.pack("<I", 0x100100))]))
    linux = at(b"", 0x202, b"HdrS").ljust(0x400, b"\0")
    bad = at(b"", 0, struct.pack("<III", MB1_MAGIC, 0, 0)).ljust(64, b"\0")
    return {"mb1-elf32.bin": mb1_elf, "mb2-elf64.bin": mb2_elf, "mb1-aout.bin": mb1_aout,
            "mb2-aout.bin": mb2_aout.ljust(0x400, b"\x90"), "linux.bin": linux,
            "bad-checksum.bin": bad}


def write_dict(path, words):
    with open(path, "w") as f:
        for word in words:
            f.write('"%s"\n' % word)


def write_corpus(outdir, target, seeds):
    path = os.path.join(outdir, target)
    os.makedirs(path, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_seeds.py OUTDIR")
    outdir = sys.argv[1]
    write_corpus(outdir, "multiboot2", multiboot2_seeds())
    write_corpus(outdir, "vmx_dump", vmx_seeds())
    write_corpus(outdir, "cmdline", cmdline_seeds())
    write_corpus(outdir, "acpi_power", acpi_power_seeds())
    write_corpus(outdir, "guest_image", guest_image_seeds())
    write_dict(os.path.join(outdir, "vmx_dump.dict"),
               VMX_NAMES + ["=0x", "#", "GenuineIntel", "AuthenticAMD"])
    write_dict(os.path.join(outdir, "cmdline.dict"),
               ["ap-timeout-ms=", "vmx-dump", "test=", "18446744073709551615",
                "\\x0a", "\\x09", " ", "="])
    write_dict(os.path.join(outdir, "acpi_power.dict"),
               ["_S5_", "\\x08_S5_\\x12", "\\x08\\\\_S5_", "DSDT", "FACP",
                "\\x0a\\x05", "\\x0b\\x05\\x00", "\\xf9\\x0c", "\\x64\\x00"])


if __name__ == "__main__":
    main()
