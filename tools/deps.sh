#!/usr/bin/env bash
# Checks for the tools a target needs and installs the missing Debian
# packages (as root), or prints the exact command to run (otherwise).
#   tools/deps.sh run    build and boot
#   tools/deps.sh debug  build, boot and debug (GDB)
#   tools/deps.sh test   build, boot, and run the test suite
#   tools/deps.sh fuzz   the parsers' fuzzers (clang with libFuzzer)
#   tools/deps.sh linux  the test kernel and initramfs (part of test)
#   tools/deps.sh stock  linux, and initramfs-tools for Debian's own initrd (make test-linux-stock)
#   tools/deps.sh bench  those, and gnuplot for make bench-linux's exit timeline
set -eu
what=${1:-run}

# command-or-file  package
need=(
	"nasm nasm"
	"grub-mkrescue grub-common"
	"xorriso xorriso"
	"mformat mtools"
	"/usr/lib/grub/i386-pc/modinfo.sh grub-pc-bin"
	"/usr/lib/grub/x86_64-efi/modinfo.sh grub-efi-amd64-bin"
	"qemu-system-x86_64 qemu-system-x86"
	"bochs bochs"
	"/usr/share/bochs/BIOS-bochs-latest bochsbios"
	"/usr/share/vgabios/vgabios.bin vgabios"
	"/usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so bochs-term"
	"gcc gcc"
	"ld binutils"
	"make make"
	"python3 python3"
	"/usr/share/consolefonts/Uni2-VGA16.psf.gz console-setup-linux"
)
if [ "$what" = debug ] || [ "$what" = test ]; then
	need+=("gdb gdb")
fi
if [ "$what" = fuzz ]; then
	clang_major=$(clang --version 2>/dev/null | sed -nE 's/.*clang version ([0-9]+).*/\1/p' | head -n1)
	clang_major=${clang_major:-14}
	fuzzer_lib=$(find /usr/lib/llvm-"$clang_major"/lib/clang -path "*/lib/linux/libclang_rt.fuzzer-x86_64.a" 2>/dev/null | head -n1)
	need+=(
		"clang clang"
		"${fuzzer_lib:-/nonexistent/libclang_rt.fuzzer} libclang-rt-$clang_major-dev"
	)
fi
if [ "$what" = test ]; then
	need+=(
		"clang clang"
		"ld.lld lld"
		"clang-format clang-format"
		"shellcheck shellcheck"
		"git git"
		"/usr/include/cmocka.h libcmocka-dev"
		"/usr/share/OVMF/OVMF_CODE_4M.fd ovmf"
	)
fi

# The Linux guest's test kernel (tools/linux-kernel.sh: its build needs
# bison, flex, bc, libelf for objtool, lz4 for the compressed image; no
# module signing, so no OpenSSL) and initramfs (static busybox, static libc).
if [ "$what" = test ] || [ "$what" = linux ] || [ "$what" = stock ] || [ "$what" = bench ]; then
	need+=(
		"/usr/src/linux-source-6.1.tar.xz linux-source-6.1"
		"xz xz-utils"
		"bison bison"
		"flex flex"
		"bc bc"
		"lz4 lz4"
		"/usr/include/gelf.h libelf-dev"
		"/usr/share/doc/busybox-static/copyright busybox-static"
		"/usr/lib/x86_64-linux-gnu/libc.a libc6-dev"
		"flock util-linux"
	)
fi
if [ "$what" = stock ]; then
	need+=("mkinitramfs initramfs-tools")
fi

# make bench-linux plots the exit timeline (docs/exit-timeline.svg): the bench alone needs it.
if [ "$what" = bench ]; then
	need+=("gnuplot gnuplot-nox")
fi

missing=()
for entry in "${need[@]}"; do
	# shellcheck disable=SC2086 # "tool package" pairs, split on purpose
	set -- $entry
	case $1 in
	/*) [ -e "$1" ] || missing+=("$2") ;;
	*) command -v "$1" >/dev/null 2>&1 || missing+=("$2") ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
